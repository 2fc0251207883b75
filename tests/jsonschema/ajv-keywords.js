// Loaded by `ajv validate -c`: declares the annotation keywords that editors
// read (the YAML language server shows markdownDescription on hover), so that
// ajv's strict mode accepts them instead of failing on an unknown keyword.
module.exports = (ajv) => {
  ajv.addKeyword({ keyword: "markdownDescription", schemaType: "string" });
};
