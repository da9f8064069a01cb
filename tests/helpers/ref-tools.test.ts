import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { findTool, missingToolMessage, requireTool } from './ref-tools.js';

describe('reference tools', () => {
  it('finds the real tk and go-jsonnet and they report their versions', () => {
    const tk = requireTool('tk');
    expect(spawnSync(tk, ['--version'], { encoding: 'utf8' }).stdout + spawnSync(tk, ['--version'], { encoding: 'utf8' }).stderr).toMatch(/0\.38\.0/);
    const jsonnet = requireTool('go-jsonnet');
    expect(spawnSync(jsonnet, ['--version'], { encoding: 'utf8' }).stdout).toMatch(/v0\.22\.0/);
  });

  it('a variable naming a missing file means the tool is missing, with a one-line hint', () => {
    const saved = process.env.KUBECONFORM_BIN;
    process.env.KUBECONFORM_BIN = '/nonexistent/kubeconform';
    try {
      // fresh lookup through a name not cached yet in this file
      expect(findTool('kubeconform')).toBeNull();
      expect(missingToolMessage('kubeconform')).toMatch(/^kubeconform not found: set KUBECONFORM_BIN, put it on PATH, or .*kubeconform\.gz \(kubeconform v0\.7\.0\)$/);
    } finally {
      if (saved === undefined) delete process.env.KUBECONFORM_BIN;
      else process.env.KUBECONFORM_BIN = saved;
    }
  });
});
