"""Start-up hygiene: the CLI module, `--help` and the Python API load neither scipy nor matplotlib (nor numpy)."""

import json
import shutil
import subprocess
import sys

import pytest

HEAVY = ("matplotlib", "scipy", "numpy")


def loaded_after(statement: str) -> list[str]:
    code = (
        "import json, sys\n"
        f"{statement}\n"
        f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_importing_the_cli_loads_no_heavy_module():
    assert loaded_after("import berlinsim.cli") == []


def test_importing_the_package_loads_no_heavy_module():
    assert loaded_after("import berlinsim, berlinsim.solvers, berlinsim.errors") == []


def test_the_python_api_loads_no_heavy_module_until_it_is_used():
    assert loaded_after("import berlinsim, berlinsim.api; berlinsim.run, berlinsim.Run") == []
    code = "import sys, berlinsim.api; print('pandas' in sys.modules)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip() == "False", proc.stderr


def test_help_and_methods_run_without_heavy_modules():
    statement = (
        "import contextlib, io\n"
        "from berlinsim.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['--help']) == 0 and main(['methods']) == 0"
    )
    assert loaded_after(statement) == []


def test_reading_and_reporting_do_not_load_scipy_or_matplotlib():
    statement = "import berlinsim.io.nfg, berlinsim.io.json_out, berlinsim.reports.text"
    loaded = loaded_after(statement)
    assert "scipy" not in loaded and "matplotlib" not in loaded


def test_python_dash_m_help_works():
    proc = subprocess.run([sys.executable, "-m", "berlinsim", "--help"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0
    assert proc.stdout.startswith("usage: berlinsim")
    assert "solve" in proc.stdout


def test_console_script_help_works():
    exe = shutil.which("berlinsim")
    if exe is None:
        pytest.skip("the berlinsim console script is not on PATH (package not installed)")
    proc = subprocess.run([exe, "--help"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "usage: berlinsim" in proc.stdout
