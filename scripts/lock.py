#!/usr/bin/env python3
"""requirements.lock helpers (stdlib only; run by the Makefile, the Dockerfile, CI).

    python scripts/lock.py check            # the lock agrees with requirements.txt
    python scripts/lock.py without NAME...  # print the lock minus those packages

`check` fails loudly when requirements.txt pins something the lock does not hold
at the same version, or the lock still holds a direct requirement that
requirements.txt dropped: installing would then not be what requirements.txt
says. The fix is `make lock` (uv pip compile --generate-hashes), never a
silent fallback to the unlocked file.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "requirements.txt"
LOCK = ROOT / "requirements.lock"
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*==\s*([^\s;\\#]+)")


def normalize(name: str) -> str:
    """PEP 503 name: case and runs of -_. do not matter."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_pins(text: str) -> dict[str, set[str]]:
    """Direct requirements: name → pinned versions (one per platform marker)."""
    pins: dict[str, set[str]] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = _PIN.match(line)
        if match is None:
            raise SystemExit(f"requirements.txt: not an exact pin (name==version): {line}")
        pins.setdefault(normalize(match.group(1)), set()).add(match.group(2))
    return pins


def lock_blocks(text: str) -> list[tuple[str, str, list[str]]]:
    """The lock's entries: (name, version, lines) with their hashes and comments."""
    blocks: list[tuple[str, str, list[str]]] = []
    for line in text.splitlines():
        match = _PIN.match(line)
        if match:
            blocks.append((normalize(match.group(1)), match.group(2), [line]))
        elif blocks and line.startswith((" ", "\t")):
            blocks[-1][2].append(line)
    return blocks


def _is_direct(lines: list[str]) -> bool:
    return any("-r requirements.txt" in line for line in lines)


def problems(requirements_text: str, lock_text: str) -> list[str]:
    """Every disagreement between requirements.txt and the lock."""
    wanted = requirement_pins(requirements_text)
    blocks = lock_blocks(lock_text)
    found: list[str] = []
    locked: dict[str, set[str]] = {}
    for name, version, lines in blocks:
        locked.setdefault(name, set()).add(version)
        if not any(line.strip().startswith("--hash=") for line in lines):
            found.append(f"{name}=={version} has no --hash in the lock")
    for name, versions in sorted(wanted.items()):
        have = locked.get(name, set())
        if not versions <= have:
            shown = ", ".join(sorted(have)) or "nothing"
            found.append(f"requirements.txt pins {name}=={'/'.join(sorted(versions))}"
                         f", the lock has {shown}")
    for name, version, lines in blocks:
        if _is_direct(lines) and name not in wanted:
            found.append(f"the lock still lists {name}=={version} as a direct "
                         "requirement; requirements.txt no longer has it")
    return found


def without(lock_text: str, names: set[str]) -> str:
    """The lock text minus the named packages (their hashes and comments too)."""
    kept, skipping = [], False
    for line in lock_text.splitlines():
        match = _PIN.match(line)
        if match:
            skipping = normalize(match.group(1)) in names
        elif not line.startswith((" ", "\t")):
            skipping = False
        if not skipping:
            kept.append(line)
    return "\n".join(kept) + "\n"


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "check":
        if not LOCK.exists():
            print("make: requirements.lock is missing; run `make lock`.", file=sys.stderr)
            return 1
        found = problems(REQUIREMENTS.read_text(encoding="utf-8"),
                         LOCK.read_text(encoding="utf-8"))
        if found:
            print("make: requirements.lock does not match requirements.txt:",
                  file=sys.stderr)
            for problem in found:
                print(f"  - {problem}", file=sys.stderr)
            print("Run `make lock` and commit requirements.lock. Nothing was installed.",
                  file=sys.stderr)
            return 1
        return 0
    if command == "without":
        names = {normalize(name) for name in argv[1:]}
        sys.stdout.write(without(LOCK.read_text(encoding="utf-8"), names))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
