"""Reading and validating `content/`: the YAML source with positions, the record models, Chinese messages,
the cross-record checks, and the JSON Schemas exported for the staff's editor.

May import only the leaves (`parallel`, `urls`); nothing above.
"""
