"""Turn the paths a user names into the files to read, safely, before any output is opened.

Why a module of its own: ``glob.glob(recursive=True)`` follows symbolic-link loops
until memory runs out, and opening a FIFO without a writer blocks for ever. Here every
folder is walked once (loops are cut by device and inode), and a path that is not a
regular file is never opened by accident:

- a pipe, device or socket named on the command line (``<(cat x.jsonl)``, a FIFO) is
  read as a stream of JSONL articles, like ``-``; named ``.txt``/``.json`` it is refused,
  because one article cannot be streamed;
- found inside a folder it is reported and skipped, never opened.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST_NAME = "manifest.jsonl"
ARTICLE_SUFFIXES = (".txt", ".json", ".jsonl")
STDIN_PATH = Path("-")  # stands in the plan where ``-`` was named, so input order is kept
_MAGIC = re.compile(r"[*?\[]")


@dataclass(frozen=True)
class InputFile:
    """One file to read. ``stream``: not a regular file, read once as JSONL. ``problem``: why it is skipped."""

    path: Path
    stream: bool = False
    problem: str | None = None


@dataclass
class InputPlan:
    """Every file the specs name, plus the specs that name nothing (a usage error for the CLI)."""

    specs: tuple[str, ...]
    files: list[InputFile] = field(default_factory=list)
    folders: list[Path] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    stdin: bool = False

    def holds(self, output: Path) -> str | None:
        """Why writing to ``output`` would read or clobber an input, or None when it is safe."""
        target = _resolved(output)
        for folder in self.folders:
            if target == folder or folder in target.parents:
                return f"the output {output} lies inside the input folder {folder}"
        for item in self.files:
            if item.path != STDIN_PATH and _resolved(item.path) == target:
                return f"the output {output} is also an input"
        return None


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: compare it as written
        return path.absolute()


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _named_file(path: Path) -> InputFile:
    """A path the user named directly (not found by walking a folder)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return InputFile(path, problem=f"{path}: no such file or directory")
    except OSError as exc:
        return InputFile(path, problem=f"{path}: cannot read: {exc.strerror}")
    if stat.S_ISREG(mode):
        return InputFile(path)
    if path.suffix.lower() in (".txt", ".json"):
        return InputFile(
            path,
            problem=f"{path}: is {_kind(mode)}, not a regular file; stream JSONL through it (or through -) instead",
        )
    return InputFile(path, stream=True)


def _found_file(path: Path) -> InputFile:
    """A file met while walking a folder or matching a glob: never opened unless regular."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return InputFile(path, problem=f"{path}: broken symbolic link")
    except OSError as exc:
        return InputFile(path, problem=f"{path}: cannot read: {exc.strerror}")
    if stat.S_ISREG(mode):
        return InputFile(path)
    return InputFile(path, problem=f"{path}: is {_kind(mode)}, not a regular file; skipped")


def walk_files(root: Path) -> Iterator[Path]:
    """Every non-directory below ``root``, sorted, following links to folders at most once each."""
    seen: set[tuple[int, int]] = set()
    for folder, dirnames, filenames in os.walk(root, followlinks=True):
        try:
            info = os.stat(folder)
        except OSError:
            dirnames[:] = []
            continue
        key = (info.st_dev, info.st_ino)
        if key in seen:  # a link back to a folder already walked: a loop or a second path to it
            dirnames[:] = []
            continue
        seen.add(key)
        dirnames.sort()
        for name in sorted(filenames):
            yield Path(folder) / name


def _pattern_regex(pattern: str) -> re.Pattern[str]:
    """Shell glob with ``**`` (any number of folders) to a regex over '/'-joined relative paths."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and "]" in pattern[i + 1 :]:
            end = pattern.index("]", i + 2) if pattern[i + 1] == "]" else pattern.index("]", i + 1)
            body = pattern[i + 1 : end].replace("\\", "\\\\")
            out.append("[^" + body[1:] + "]" if body.startswith("!") else "[" + body + "]")
            i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


def glob_files(spec: str) -> list[Path]:
    """Files matching a glob, walked loop-safely from the pattern's fixed prefix."""
    parts = Path(spec).parts
    fixed = 0
    while fixed < len(parts) - 1 and not _MAGIC.search(parts[fixed]):
        fixed += 1
    base = Path(*parts[:fixed]) if fixed else Path(".")
    if not base.is_dir():
        return []
    regex = _pattern_regex("/".join(parts[fixed:]))
    matched = []
    for path in walk_files(base):
        if regex.match(path.relative_to(base).as_posix()):
            matched.append(path)
    return matched


def plan_inputs(specs: Iterable[str]) -> InputPlan:
    """Expand files, folders (recursive), globs and ``-``; nothing is opened here."""
    plan = InputPlan(specs=tuple(specs))
    for spec in plan.specs:
        if spec == "-":
            plan.stdin = True
            plan.files.append(InputFile(STDIN_PATH, stream=True))
            continue
        path = Path(spec)
        if path.is_dir():
            plan.folders.append(_resolved(path))
            found = [p for p in walk_files(path) if p.suffix.lower() in ARTICLE_SUFFIXES and p.name != MANIFEST_NAME]
            plan.files.extend(_found_file(p) for p in found)
            if not found:
                plan.unmatched.append(f"{spec}: folder holds no .txt, .json or .jsonl article files")
        elif os.path.lexists(path):
            plan.files.append(_named_file(path))
        elif _MAGIC.search(spec):
            matched = [p for p in glob_files(spec) if p.name != MANIFEST_NAME]
            plan.files.extend(_found_file(p) for p in matched)
            if not matched:
                plan.unmatched.append(f"{spec}: matched no files")
        else:
            plan.unmatched.append(f"{spec}: no such file or directory")
    return plan
