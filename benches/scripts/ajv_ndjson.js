#!/usr/bin/env node
// NDJSON validation with the ajv library (draft 2020-12, ajv-formats), the
// peer of `ferry validate` in benches/scripts/validate_compare.sh: ajv-cli
// itself reads one JSON document per file.
//
//   NODE_PATH=/tmp/ajv/node_modules node ajv_ndjson.js SCHEMA INPUT \
//       [-o VALID] [--errors FILE] [--invalid-lines FILE] [--multiple-of-precision N]
//
// Like Ferry: each record is checked by a validator that stops at the first
// error, and only an invalid record is checked again for all of its errors
// (one JSON line per invalid record, to stderr or --errors). The input is
// read in 4 MiB chunks and split on newlines (faster than `readline`), one
// thread, as node runs it. Prints `valid N invalid M` on stderr at the end.
"use strict";
const fs = require("fs");
const Ajv2020 = require("ajv/dist/2020").default;
const addFormats = require("ajv-formats").default;

function parseArgs(argv) {
  const args = { positional: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-o") args.output = argv[++i];
    else if (a === "--errors") args.errors = argv[++i];
    else if (a === "--invalid-lines") args.invalidLines = argv[++i];
    else if (a === "--multiple-of-precision") args.multipleOfPrecision = Number(argv[++i]);
    else args.positional.push(a);
  }
  if (args.positional.length < 1) {
    console.error("usage: ajv_ndjson.js SCHEMA [INPUT] [-o VALID] [--errors FILE] [--invalid-lines FILE]");
    process.exit(2);
  }
  return args;
}

function validators(schema, multipleOfPrecision) {
  const make = (allErrors) => {
    const options = { allErrors, strict: false };
    if (multipleOfPrecision !== undefined) options.multipleOfPrecision = multipleOfPrecision;
    const ajv = new Ajv2020(options);
    addFormats(ajv);
    return ajv.compile(schema);
  };
  return { first: make(false), all: make(true) };
}

/** Buffered writes: a `fs.writeSync` per record would dominate the time. */
class Sink {
  constructor(fd) {
    this.fd = fd;
    this.parts = [];
    this.size = 0;
  }
  write(text) {
    this.parts.push(text);
    this.size += text.length;
    if (this.size > 1 << 20) this.flush();
  }
  flush() {
    if (this.fd !== null && this.parts.length) fs.writeSync(this.fd, this.parts.join(""));
    this.parts = [];
    this.size = 0;
  }
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const schema = JSON.parse(fs.readFileSync(args.positional[0], "utf8"));
  const { first, all } = validators(schema, args.multipleOfPrecision);
  const input = args.positional[1] && args.positional[1] !== "-" ? fs.openSync(args.positional[1], "r") : 0;
  const valid = new Sink(args.output ? fs.openSync(args.output, "w") : null);
  const errors = new Sink(args.errors ? fs.openSync(args.errors, "w") : 2);
  const invalidLines = new Sink(args.invalidLines ? fs.openSync(args.invalidLines, "w") : null);

  let counts = { valid: 0, invalid: 0 };
  let line = 0;
  const check = (text) => {
    line++;
    let record;
    try {
      record = JSON.parse(text);
    } catch (e) {
      counts.invalid++;
      errors.write(JSON.stringify({ line, error: e.message }) + "\n");
      invalidLines.write(line + "\n");
      return;
    }
    if (first(record)) {
      counts.valid++;
      if (valid.fd !== null) valid.write(text + "\n");
    } else {
      counts.invalid++;
      all(record);
      errors.write(JSON.stringify({ line, errors: all.errors }) + "\n");
      invalidLines.write(line + "\n");
    }
  };

  const chunk = Buffer.allocUnsafe(4 << 20);
  let rest = Buffer.alloc(0);
  for (;;) {
    const n = fs.readSync(input, chunk, 0, chunk.length, null);
    if (n === 0) break;
    const data = rest.length ? Buffer.concat([rest, chunk.subarray(0, n)]) : chunk.subarray(0, n);
    let start = 0;
    for (let end; (end = data.indexOf(10, start)) !== -1; start = end + 1) {
      if (end > start) check(data.toString("utf8", start, end));
    }
    // Copied: `chunk` is overwritten by the next read.
    rest = Buffer.from(data.subarray(start));
  }
  if (rest.length) check(rest.toString("utf8"));
  valid.flush();
  errors.flush();
  invalidLines.flush();
  console.error(`valid ${counts.valid} invalid ${counts.invalid}`);
}

main();
