// House rules of specs/CONVENTIONS.md for `redocly lint` (loaded by ../redocly.yaml).
// The Python checks (python -m codegen specs check) enforce the same rules and more; these
// make an editor or a bare `redocly lint` run show the most common breaks too.
'use strict';

const SHA256 = /^[0-9a-f]{64}$/;
const PROVENANCE_TEXT = ['source-file', 'source-url', 'title'];

function isInteger(value) {
  return typeof value === 'number' && Number.isInteger(value);
}

// Integer enums need x-enum-varnames (else generated members are VALUE_1...) and
// x-enum-descriptions, each as long as the enum.
function integerEnumVarnames() {
  return {
    Schema: {
      enter(schema, ctx) {
        const values = schema.enum;
        if (!Array.isArray(values) || values.length === 0) return;
        if (!values.every((v) => v === null || isInteger(v)) || !values.some(isInteger)) return;
        for (const key of ['x-enum-varnames', 'x-enum-descriptions']) {
          const list = schema[key];
          if (!Array.isArray(list)) {
            ctx.report({
              message: `Integer enum [${values.join(', ')}] needs ${key}.`,
              location: ctx.location.child('enum'),
            });
          } else if (list.length !== values.length) {
            ctx.report({
              message: `${key} has ${list.length} entries; the enum has ${values.length}.`,
              location: ctx.location.child(key),
            });
          }
        }
      },
    },
  };
}

// info.x-provenance names the vendor document the spec was written from.
function provenance() {
  return {
    Info: {
      enter(info, ctx) {
        const where = ctx.location.child('x-provenance');
        const value = info['x-provenance'];
        if (value === null || typeof value !== 'object') {
          ctx.report({ message: 'info.x-provenance is missing.', location: ctx.location.key() });
          return;
        }
        for (const key of PROVENANCE_TEXT) {
          if (typeof value[key] !== 'string' || value[key].trim() === '') {
            ctx.report({ message: `x-provenance.${key} must be a non-empty string.`, location: where });
          }
        }
        if (typeof value.sha256 !== 'string' || !SHA256.test(value.sha256)) {
          ctx.report({
            message: 'x-provenance.sha256 must be 64 lowercase hex characters (quoted).',
            location: where.child('sha256'),
          });
        }
        if (!('updated' in value)) {
          ctx.report({ message: 'x-provenance.updated is missing (a date or null).', location: where });
        }
      },
    },
  };
}

// The 200 response (the envelope) shows a success and an error answer: named examples whose
// keys start with `success` and `error`.
function operationExamples() {
  return {
    Operation: {
      enter(operation, ctx) {
        const raw = operation.responses && operation.responses['200'];
        const response = raw && raw.$ref ? ctx.resolve(raw).node : raw;
        if (!response) {
          ctx.report({ message: 'The operation has no 200 response.', location: ctx.location.child('responses') });
          return;
        }
        const keys = [];
        for (const media of Object.values(response.content || {})) {
          keys.push(...Object.keys((media && media.examples) || {}));
        }
        for (const prefix of ['success', 'error']) {
          if (!keys.some((key) => key.startsWith(prefix))) {
            ctx.report({
              message: `The 200 response has no named example starting with "${prefix}".`,
              location: ctx.location.child(['responses', '200']),
            });
          }
        }
      },
    },
  };
}

module.exports = function mediatasksPlugin() {
  return {
    id: 'mediatasks',
    rules: {
      oas3: {
        'integer-enum-varnames': integerEnumVarnames,
        provenance: provenance,
        'operation-examples': operationExamples,
      },
    },
  };
};
