#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Lint the translations of Rapport.

1. Every po/*.po passes `msgfmt --check` (format strings, plural forms, header).
2. po/POTFILES.in is sorted, names only files that exist, and lists every source file that
   holds translatable strings: _(), N_(), C_(), NC_() or ngettext in C, translatable="yes"
   in GtkBuilder files, and the desktop entry, metainfo and GSettings schema in data/.

Usage: check-translations.py SOURCE_ROOT
"""

import pathlib
import re
import shutil
import subprocess
import sys

C_GETTEXT = re.compile(r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|g_dngettext|g_dpgettext2|ngettext)\s*\(')
UI_TRANSLATABLE = re.compile(r'translatable\s*=\s*"(?:yes|true|1)"')
DATA_PATTERNS = ('*.desktop.in', '*.metainfo.xml.in', '*.gschema.xml')


def read_potfiles(root):
    entries = []
    for line in (root / 'po' / 'POTFILES.in').read_text(encoding='utf-8').splitlines():
        line = line.strip()
        if line and not line.startswith('#'):
            entries.append(line)
    return entries


def translatable_sources(root):
    found = set()
    for path in sorted((root / 'src').rglob('*')):
        if not path.is_file():
            continue
        text = None
        if path.suffix == '.c':
            text = path.read_text(encoding='utf-8')
            # Comments may mention _() without being translatable.
            text = re.sub(r'/\*.*?\*/', '', text, flags=re.S)
            text = re.sub(r'//[^\n]*', '', text)
            if C_GETTEXT.search(text):
                found.add(path.relative_to(root).as_posix())
        elif path.suffix == '.ui':
            if UI_TRANSLATABLE.search(path.read_text(encoding='utf-8')):
                found.add(path.relative_to(root).as_posix())
    for pattern in DATA_PATTERNS:
        for path in (root / 'data').glob(pattern):
            found.add(path.relative_to(root).as_posix())
    return found


def main():
    if len(sys.argv) != 2:
        print('usage: check-translations.py SOURCE_ROOT', file=sys.stderr)
        return 2
    root = pathlib.Path(sys.argv[1]).resolve()
    failures = []

    msgfmt = shutil.which('msgfmt')
    if msgfmt is None:
        failures.append('msgfmt is not installed (Debian package gettext)')
    else:
        po_files = sorted((root / 'po').glob('*.po'))
        linguas = (root / 'po' / 'LINGUAS').read_text(encoding='utf-8').split()
        for lang in linguas:
            if not (root / 'po' / (lang + '.po')).is_file():
                failures.append('po/LINGUAS names %s but po/%s.po does not exist' % (lang, lang))
        for po in po_files:
            if po.stem not in linguas:
                failures.append('po/%s is not listed in po/LINGUAS' % po.name)
            result = subprocess.run([msgfmt, '--check', '--statistics', '-o', '/dev/null', str(po)],
                                    capture_output=True, text=True)
            print('%s: %s' % (po.name, (result.stdout + result.stderr).strip()))
            if result.returncode != 0:
                failures.append('msgfmt --check failed for po/%s' % po.name)

    listed = read_potfiles(root)
    if listed != sorted(listed):
        failures.append('po/POTFILES.in is not sorted')
    if len(listed) != len(set(listed)):
        failures.append('po/POTFILES.in lists a file twice')
    for entry in listed:
        if not (root / entry).is_file():
            failures.append('po/POTFILES.in lists %s, which does not exist' % entry)
    for entry in sorted(translatable_sources(root) - set(listed)):
        failures.append('%s has translatable strings but is missing from po/POTFILES.in' % entry)

    print('POTFILES.in: %d files listed' % len(listed))
    for failure in failures:
        print('FAIL: ' + failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
