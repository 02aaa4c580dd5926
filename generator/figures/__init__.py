"""Every number the site shows, computed once: the rules of DESIGN.md section 3 (`rules`), the snapshots of a
month (`compute`), bulletins, reviews, and the site model the pages read (`model`); how figures are written
(`fmt`).

May import `records` and the leaves; never `export`, `site` or `office`.
"""
