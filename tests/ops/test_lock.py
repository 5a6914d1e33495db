"""requirements.lock: the whole tree with hashes, in step with requirements.txt,
used by every install path; a mismatch stops the install loudly."""
from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements.lock"
REQUIREMENTS = ROOT / "requirements.txt"


def _lock_module():
    spec = importlib.util.spec_from_file_location("lock_tool", ROOT / "scripts" / "lock.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_lock_matches_requirements_and_hashes_everything():
    lock = _lock_module()
    text = LOCK.read_text(encoding="utf-8")
    assert lock.problems(REQUIREMENTS.read_text(encoding="utf-8"), text) == []
    blocks = lock.lock_blocks(text)
    assert len(blocks) > len(lock.requirement_pins(REQUIREMENTS.read_text()))  # transitive
    names = {name for name, _version, _lines in blocks}
    assert {"django", "asgiref", "sqlparse", "kombu"} <= names  # direct + transitive


def test_a_lock_out_of_step_with_requirements_is_reported():
    lock = _lock_module()
    requirements = REQUIREMENTS.read_text(encoding="utf-8")
    text = LOCK.read_text(encoding="utf-8")
    bumped = requirements.replace("Django==", "Django==9.9.9 ; python_version < '3'\n#")
    added = requirements + "smartstock-example-pkg==1.0  # a package not in the lock\n"
    dropped = "\n".join(line for line in requirements.splitlines()
                        if not line.startswith("whitenoise"))
    assert any("django==9.9.9" in p for p in lock.problems(bumped, text))
    assert lock.problems(added, text) == [
        "requirements.txt pins smartstock-example-pkg==1.0, the lock has nothing"]
    assert any("whitenoise" in p and "no longer" in p
               for p in lock.problems(dropped, text))
    unhashed = text.replace("--hash=", "--nohash=")
    assert any("has no --hash" in p for p in lock.problems(requirements, unhashed))


def test_check_command_fails_loudly(tmp_path):
    copy = tmp_path / "repo"
    (copy / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "lock.py", copy / "scripts" / "lock.py")
    shutil.copy(LOCK, copy / "requirements.lock")
    (copy / "requirements.txt").write_text(
        REQUIREMENTS.read_text() + "smartstock-example-pkg==0.70\n", encoding="utf-8")
    result = subprocess.run(["python3", "scripts/lock.py", "check"], cwd=copy,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "smartstock-example-pkg==0.70" in result.stderr and "make lock" in result.stderr


def test_without_mysqlclient_keeps_every_other_hashed_entry():
    lock = _lock_module()
    text = LOCK.read_text(encoding="utf-8")
    reduced = lock.without(text, {"mysqlclient"})
    before = {(n, v) for n, v, _ in lock.lock_blocks(text)}
    after = {(n, v) for n, v, _ in lock.lock_blocks(reduced)}
    assert before - after == {("mysqlclient", "2.3.2")}
    assert all(any(line.strip().startswith("--hash=") for line in lines)
               for _n, _v, lines in lock.lock_blocks(reduced))


def test_every_install_path_uses_the_lock_with_hashes():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--require-hashes --no-deps -r requirements.lock" in makefile
    assert "scripts/lock.py without mysqlclient" in makefile  # no-headers fallback
    assert "scripts/lock.py check" in makefile
    assert "--generate-hashes" in makefile
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "python scripts/lock.py check" in dockerfile
    assert "pip install --require-hashes --no-deps -r requirements.lock" in dockerfile
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'run_step "lock audit" audit_lock' in ci
    assert 'run_step "deploy check" deploy_check' in ci
    assert "pip install -r requirements.txt" not in makefile + dockerfile


def test_make_lock_rewrites_the_same_file(tmp_path):
    """Deterministic: recompiling an unchanged requirements.txt changes nothing."""
    uv = ROOT / ".venv" / "bin" / "uv"
    if not uv.exists():
        pytest.skip("uv is not installed (`make lock` installs it)")
    output = tmp_path / "requirements.lock"
    shutil.copy(LOCK, output)
    result = subprocess.run(
        [str(uv), "pip", "compile", "requirements.txt", "--quiet", "--generate-hashes",
         "--universal", "--python-version", "3.11", "--custom-compile-command",
         "make lock", "-o", str(output)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )
    unreachable = ("network", "failed to fetch", "dns", "connect", "offline", "timed out")
    if result.returncode != 0 and any(w in result.stderr.lower() for w in unreachable):
        pytest.skip(f"package index unreachable: {result.stderr[-300:]}")
    assert result.returncode == 0, result.stderr
    assert output.read_text(encoding="utf-8") == LOCK.read_text(encoding="utf-8")
