"""The public site: page builders (`pages/`), templates rendered safely (`render`, `markup`, `charts`), the
search entries, the engine (MkDocs, `engine`), the whole build (`build`), the checks on the built site
(`checksite`) and the live preview (`serve`).

May import `export`, `figures`, `records` and the leaves; never `office`.
"""
