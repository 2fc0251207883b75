// Validates JSON documents against the JSON Schemas mealyc generates
// (`--out jsonschema=DIR`), with ajv, the validator pinned in
// scripts/npm/package-lock.json. Used by crosslang_test.cpp.
//
// Usage: node validate_wire.cjs NODE_MODULES SCHEMA_DIR REQUESTS ANSWERS
//   every *.mealy.schema.json of SCHEMA_DIR is loaded; each line of REQUESTS
//   is "<file>#/$defs/<name>" or "<file>", a tab, and a JSON document; each
//   line of ANSWERS is "ok", "refused" and ajv's first error, or "malformed"
//   and JSON.parse's error.
// Or:    node validate_wire.cjs NODE_MODULES SCHEMA_DIR --compile
//   compiles every file's root and every definition, and prints how many.
// ajv runs in strict mode: a schema it cannot read, or one using a keyword
// it does not know, fails the run (exit status 1).
"use strict";
const fs = require("fs");
const path = require("path");

const [nodeModules, schemaDir, requests, answers] = process.argv.slice(2);
const Ajv2020 = require(path.resolve(nodeModules, "ajv", "dist", "2020")).default;
const ajv = new Ajv2020({ strict: true, allErrors: false });
const files = fs.readdirSync(schemaDir).filter((name) => name.endsWith(".mealy.schema.json")).sort();
if (files.length === 0) throw new Error(`no *.mealy.schema.json in ${schemaDir}`);
for (const name of files) ajv.addSchema(JSON.parse(fs.readFileSync(path.join(schemaDir, name), "utf8")));
if (requests === "--compile") {
  let count = 0;
  for (const name of files) {
    const schema = JSON.parse(fs.readFileSync(path.join(schemaDir, name), "utf8"));
    if (typeof schema.$id !== "string") throw new Error(`${name} has no $id`);
    const refs = [schema.$id, ...Object.keys(schema.$defs ?? {}).map((key) => `${schema.$id}#/$defs/${key}`)];
    for (const ref of refs) {
      if (ajv.getSchema(ref) === undefined) throw new Error(`ajv cannot compile ${ref}`);
      ++count;
    }
  }
  console.log(`${files.length} files, ${count} schemas compiled`);
  process.exit(0);
}
const out = [];
for (const line of fs.readFileSync(requests, "utf8").split("\n")) {
  if (line === "") continue;
  const tab = line.indexOf("\t");
  const ref = line.slice(0, tab);
  const validate = ajv.getSchema(ref);
  if (validate === undefined) throw new Error(`no schema ${ref}`);
  let document;
  try {
    document = JSON.parse(line.slice(tab + 1));
  } catch (error) {
    out.push(`malformed\t${error.message}`);  // no schema sees it
    continue;
  }
  if (validate(document)) {
    out.push("ok");
  } else {
    const error = validate.errors[0];
    out.push(`refused\t${error.instancePath || "/"}: ${error.message}`);
  }
}
fs.writeFileSync(answers, out.join("\n") + (out.length ? "\n" : ""));
