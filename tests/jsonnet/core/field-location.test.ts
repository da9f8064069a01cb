import { describe, expect, it } from 'vitest';
import { Engine } from '../../../tools/jsonnet/engine.js';

describe('Engine.fieldLocation', () => {
  const code = [
    "local base = { deployment: { kind: 'Deployment' } };", // line 1
    'base + {', // line 2
    '  deployment+: { spec: {} },', // line 3
    '  list: [', // line 4
    '    { item: 1 },', // line 5
    '  ],', // line 6
    '}', // line 7
  ].join('\n');

  it('names the innermost field that defined a value, the top layer winning', () => {
    const engine = new Engine();
    const root = engine.evaluateSnippet('main.jsonnet', code);
    engine.toJson(root);
    expect(engine.fieldLocation(root, ['deployment'])).toMatchObject({ file: 'main.jsonnet', line: 3, column: 3 });
    expect(engine.fieldLocation(root, ['deployment', 'spec'])).toMatchObject({ line: 3 });
    // An array element has no field of its own: the field holding the array.
    expect(engine.fieldLocation(root, ['list', 0])).toMatchObject({ line: 4, column: 3 });
    expect(engine.fieldLocation(root, ['list', 0, 'item'])).toMatchObject({ line: 5 });
  });

  it('stops at what does not exist', () => {
    const engine = new Engine();
    const root = engine.evaluateSnippet('main.jsonnet', code);
    expect(engine.fieldLocation(root, ['nope'])).toBeNull();
    expect(engine.fieldLocation(root, ['list', 7])).toMatchObject({ line: 4 });
  });
});
