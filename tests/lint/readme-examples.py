#!/usr/bin/env python3
"""readme-examples.py README.md EXAMPLE.c... — README.md's C examples are
quoted, word for word, from the example programs (examples/), which meson
builds and runs; this checks the quoting.

A region of an example is the lines between "/* README.md begin: NAME */"
and "/* README.md end */"; the regions of one NAME in one file, each
dedented, make one block, joined by a blank line (so one README block may
quote a function and, from inside another, the lines that use it).  Tabs
count as 8 columns: the README indents with spaces.

Every ```c block of the README must be such a block, and every block must
be in the README.  Exit 0 when they agree; 1 with what differs (a diff
against the nearest block) when not; 2 on a malformed marker."""
import difflib
import re
import sys
import textwrap

BEGIN = re.compile(r'^\s*/\* README\.md begin: ([\w.-]+) \*/\s*$')
END = re.compile(r'^\s*/\* README\.md end \*/\s*$')


def die(message):
    print(message, file=sys.stderr)
    sys.exit(2)


def trim(lines):
    """The lines without trailing spaces or blank lines at either end."""
    lines = [line.rstrip() for line in lines]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def example_blocks(path):
    """{(path, name): text} of one example's marked regions."""
    pieces = {}
    name = None
    with open(path, encoding='utf-8') as f:
        for no, line in enumerate(f, 1):
            line = line.rstrip('\n').expandtabs(8)
            begin, end = BEGIN.match(line), END.match(line)
            if begin or end:
                if (begin is not None) == (name is not None):
                    die(f'{path}:{no}: README.md marker out of order')
                if begin:
                    name, piece = begin.group(1), []
                else:
                    text = textwrap.dedent('\n'.join(piece))
                    pieces.setdefault((path, name), []).append('\n'.join(trim(text.split('\n'))))
                    name = None
            elif name is not None:
                piece.append(line)
    if name is not None:
        die(f'{path}: README.md region {name} has no end')
    return {key: '\n\n'.join(p) for key, p in pieces.items()}


def readme_blocks(path):
    """[(line number, text)] of the README's ```c blocks."""
    blocks = []
    start = None
    with open(path, encoding='utf-8') as f:
        for no, line in enumerate(f, 1):
            line = line.rstrip('\n')
            if start is None and line.strip() == '```c':
                start, body = no, []
            elif start is not None and line.strip() == '```':
                blocks.append((start, '\n'.join(trim(body))))
                start = None
            elif start is not None:
                body.append(line.expandtabs(8))
    if start is not None:
        die(f'{path}:{start}: a ```c block has no end')
    return blocks


def main():
    if len(sys.argv) < 3:
        die('usage: readme-examples.py README.md EXAMPLE.c...')
    readme = sys.argv[1]
    examples = {}
    for path in sys.argv[2:]:
        examples.update(example_blocks(path))
    quoted = set()
    bad = 0
    for no, text in readme_blocks(readme):
        found = [key for key, ex in examples.items() if ex == text]
        if found:
            quoted.update(found)
            continue
        bad += 1
        print(f'{readme}:{no}: this ```c block is in no example (examples/*.c)')
        if examples:
            (path, name), ex = max(examples.items(), key=lambda kv: difflib.SequenceMatcher(
                None, kv[1], text).ratio())
            for line in difflib.unified_diff(ex.splitlines(), text.splitlines(),
                                             f'{path} ({name})', f'{readme}:{no}',
                                             lineterm=''):
                print(line)
    for (path, name) in examples.keys() - quoted:
        bad += 1
        print(f'{path}: region {name} is not a ```c block of {readme}')
    if bad:
        print(f'{bad} difference(s): keep README.md and examples/ the same')
        return 1
    print(f'{len(quoted)} example block(s) quoted in {readme}, word for word')
    return 0


if __name__ == '__main__':
    sys.exit(main())
