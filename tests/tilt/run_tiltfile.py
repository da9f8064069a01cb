"""Runs a Tiltfile under Python with recording stand-ins for Tilt's builtins.

Starlark is (nearly) a subset of Python, so executing the Tiltfile here shows what Tilt
would do with it: what YAML it applies, which resources, port forwards and images.
`local()` really runs its command (in the Tiltfile's folder), so the toolkit's real
output flows through. The Tiltfile is first checked for Python constructs Starlark
does not have (imports, classes, try, while, f-strings, ...).

Usage: python3 run_tiltfile.py <Tiltfile> <options JSON>
  options: {"context": "k3d-dev", "args": {"raibid-src": "/tmp/x"}, "env": {"RAIBID_SRC": "..."},
            "processEnv": {"KUBECONFIG": "..."}, "localCache": "/tmp/dir"}
  env: what os.getenv sees; processEnv: added to local()'s environment; localCache: a folder
  where local() outputs are kept and reused for the same command.
Prints one JSON document: {"calls": [[name, args, kwargs], ...], "failed": null | message}.
"""

import ast
import hashlib
import json
import os as _os
import subprocess
import sys


class Blob:
    def __init__(self, text):
        self.text = text

    def __str__(self):
        return self.text


class TiltFail(Exception):
    pass


# Python syntax that Starlark (as Tilt runs it) rejects.
NOT_STARLARK = (
    ast.Import, ast.ImportFrom, ast.ClassDef, ast.Try, ast.While, ast.With, ast.Global,
    ast.Nonlocal, ast.Yield, ast.YieldFrom, ast.Await, ast.AsyncFunctionDef, ast.JoinedStr,
    ast.Set, ast.SetComp, ast.Raise, ast.Assert, ast.Delete, ast.NamedExpr,
)


def starlark_violations(source):
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, NOT_STARLARK):
            out.append('%s at line %d' % (type(node).__name__, node.lineno))
        if isinstance(node, ast.Compare) and any(isinstance(op, (ast.Is, ast.IsNot)) for op in node.ops):
            out.append('"is" comparison at line %d' % node.lineno)
    return out


def jsonable(v):
    if isinstance(v, Blob):
        return {'blob': v.text}
    if isinstance(v, (list, tuple)):
        return [jsonable(x) for x in v]
    if isinstance(v, dict):
        return {k: jsonable(x) for k, x in v.items()}
    return v


def run(tiltfile, options):
    calls = []
    tilt_dir = _os.path.dirname(_os.path.abspath(tiltfile))
    env = options.get('env', {})
    cli_args = options.get('args', {})

    def recorder(name, result=None):
        def fn(*args, **kwargs):
            calls.append([name, jsonable(list(args)), jsonable(kwargs)])
            return result(*args, **kwargs) if callable(result) else result
        return fn

    cache_dir = options.get('localCache')

    def local(command, quiet=False, env=None, dir='', **_):
        calls.append(['local', [command], {'quiet': quiet}])
        # Optional: reuse the output of an identical earlier command (tests run the same render often).
        key = hashlib.sha256(json.dumps([command, dir, tilt_dir, options.get('processEnv', {})]).encode()).hexdigest()
        cached = _os.path.join(cache_dir, key) if cache_dir else None
        if cached and _os.path.exists(cached):
            with open(cached) as f:
                return Blob(f.read())
        proc = subprocess.run(command, shell=isinstance(command, str), cwd=_os.path.join(tilt_dir, dir),
                              capture_output=True, text=True, env={**_os.environ, **options.get('processEnv', {}), **(env or {})})
        if proc.returncode != 0:
            raise TiltFail('command %r failed (exit %d): %s' % (command, proc.returncode, proc.stderr))
        if cached:
            with open(cached, 'w') as f:
                f.write(proc.stdout)
        return Blob(proc.stdout)

    def fail(msg):
        calls.append(['fail', [msg], {}])
        raise TiltFail(msg)

    def decode_json(b):
        return json.loads(str(b))

    defined = {}

    class Config:
        def define_string(self, name, args=False, usage=''):
            defined[name] = 'string'

        def define_bool(self, name, args=False, usage=''):
            defined[name] = 'bool'

        def define_string_list(self, name, args=False, usage=''):
            defined[name] = 'string_list'

        def set_enabled_resources(self, names):
            calls.append(['config.set_enabled_resources', [list(names)], {}])

        def parse(self):
            for k in cli_args:
                if k not in defined:
                    raise TiltFail('unknown config flag --%s' % k)
            return dict(cli_args)

    class Path:
        def exists(self, p):
            return _os.path.exists(_os.path.join(tilt_dir, p))

        def join(self, *parts):
            return _os.path.join(*parts)

        def abspath(self, p):
            return _os.path.abspath(_os.path.join(tilt_dir, p))

    class Os:
        path = Path()

        def getenv(self, key, default=None):
            return env.get(key, default)

    scope = {
        'local': local,
        'fail': fail,
        'blob': Blob,
        'decode_json': decode_json,
        'read_json': lambda path, default=None: json.load(open(_os.path.join(tilt_dir, path))),
        'config': Config(),
        'os': Os(),
        'k8s_context': recorder('k8s_context', lambda: options['context']),
        'allow_k8s_contexts': recorder('allow_k8s_contexts'),
        'version_settings': recorder('version_settings'),
        'update_settings': recorder('update_settings'),
        'ci_settings': recorder('ci_settings'),
        'default_registry': recorder('default_registry'),
        'k8s_yaml': recorder('k8s_yaml'),
        'k8s_kind': recorder('k8s_kind'),
        'k8s_resource': recorder('k8s_resource'),
        'docker_build': recorder('docker_build'),
        'local_resource': recorder('local_resource'),
        'watch_file': recorder('watch_file'),
        'sync': recorder('sync', lambda src, dest: ['sync', src, dest]),
        'run': recorder('run', lambda cmd, trigger=None: ['run', cmd, trigger or []]),
        'fall_back_on': recorder('fall_back_on', lambda files: ['fall_back_on', files]),
        'print': lambda *a: sys.stderr.write(' '.join(str(x) for x in a) + '\n'),
        '__name__': 'Tiltfile',
    }
    with open(tiltfile) as f:
        source = f.read()
    violations = starlark_violations(source)
    if violations:
        return {'calls': calls, 'failed': 'not Starlark: ' + '; '.join(violations)}
    try:
        exec(compile(source, tiltfile, 'exec'), scope)
    except TiltFail as e:
        return {'calls': calls, 'failed': str(e)}
    return {'calls': calls, 'failed': None}


if __name__ == '__main__':
    result = run(sys.argv[1], json.loads(sys.argv[2]))
    sys.stdout.write(json.dumps(result))
