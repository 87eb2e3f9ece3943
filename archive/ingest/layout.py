"""Corpus folder layouts: where a file's folders say which publication and section it belongs to.

A file at `<corpus>/<section>/<name>` under a corpus folder named in FOLDER_SOURCES takes that
source and the section folder's name; the BBC News dataset's `bbc/business/001.txt` becomes
source "BBC News", section "business". Fields the file itself sets are never overridden.
"""

FOLDER_SOURCES = {"bbc": "BBC News"}


def apply_folder_layout(raw, path):
    section_folder = path.resolve().parent
    source = FOLDER_SOURCES.get(section_folder.parent.name.lower())
    if source:
        raw.source = raw.source or source
        raw.section = raw.section or section_folder.name
    return raw
