"""The key-project office's tools: the monthly report sheet (`sheet`, `report_template`), its import
(`sheetread`, `report_rows`, `import_report`), new records (`new_project`), a new year's list (`new_year`),
the one-off move to the multi-year form (`convert_years`), and editing YAML keeping comments and order
(`yamledit`); `records.staging` validates every edit before anything is replaced.

May import `figures`, `records` and the leaves; never `site` or `export`.
"""
