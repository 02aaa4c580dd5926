"""Reading and validating `content/`: the YAML source with positions, the record models, Chinese messages,
the cross-record checks, the JSON Schemas exported for the staff's editor, how bulletins are numbered, and
writing edited records only once a staging copy of the content with them validates (`staging`).

May import only the leaves (`parallel`, `urls`); nothing above.
"""
