"""重点项目建设公开专栏: the generator of the public site, and the office's tools.

Each folder is one stage or one audience; imports go only downward in this list, never back up:

    __main__, commands   the command line, nothing else
    bench                the benchmark (builds synthetic trees with `site`)
    site, office         the public site (pages, engine, checks, preview); the office's tools (sheets, import,
                         new records). Neither imports the other.
    export               open data (CSV, XLSX, JSON, OC4IDS), written with the site
    figures              every number of DESIGN.md section 3, computed once
    records              reading and validating content/
    parallel, urls       leaves that import nothing of ours: work over the cores; the site's public addresses

`tests/test_layout.py` enforces the order and that no import circle exists.
"""
