#!/usr/bin/env python3
"""Writes testdata/corpus/NNN-topic.go from the batch files *.txt next to this script.

Each program in a batch starts with a line "=== topic"; "package main" and the import
block are added (imports are found from the package names the program uses). Used once to
create the corpus; the .go files are the source of truth afterwards."""
import glob, os, re

PKGS = {p.split('/')[-1]: p for p in """fmt strings strconv sort slices maps errors time sync context os math
unicode unicode/utf8 bytes encoding/json io sync/atomic iter cmp bufio regexp math/big container/list
text/tabwriter reflect""".split()}

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.dirname(here)
n = 0
for batch in sorted(glob.glob(os.path.join(here, '*.txt'))):
    text = open(batch).read()
    for part in text.split('\n=== ')[1:] if text.startswith('\n') else ('\n' + text).split('\n=== ')[1:]:
        topic, _, body = part.partition('\n')
        n += 1
        used = sorted({PKGS[m] for m in re.findall(r'(?<![\w.])([a-z0-9]+)\.[A-Za-z_]', body) if m in PKGS})
        imp = ''
        if len(used) == 1:
            imp = 'import "%s"\n\n' % used[0]
        elif used:
            imp = 'import (\n' + ''.join('\t"%s"\n' % u for u in used) + ')\n\n'
        src = 'package main\n\n' + imp + body.strip() + '\n'
        open(os.path.join(out, '%03d-%s.go' % (n, topic.strip())), 'w').write(src)
print(n, 'programs')
