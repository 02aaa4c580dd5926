"""The key-project office's tools: the monthly report sheet (`sheet`, `report_template`), its import
(`sheetread`, `report_rows`, `import_report`), new records (`new_project`), and writing records safely
(`yamledit` keeps comments and order; `staging` validates before anything is replaced).

May import `figures`, `records` and the leaves; never `site` or `export`.
"""
