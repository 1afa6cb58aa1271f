"""Prints every message of a PST as pypff (libpff's Python binding) reads it, one JSON line each.

Used by read-back.ts; pypff 20180714 (Debian python3-pypff) cannot open attached messages, so an
attachment that holds one is reported as such, with the subject libpff gives its attachment.
"""

import hashlib
import json
import sys

import pypff

SENDER_EMAIL = 0x0C1F
DISPLAY_NAME = 0x3001
ATTACH_LONG_FILENAME = 0x3707
ATTACH_METHOD = 0x3705
EMBEDDED_MESSAGE = 5


def entries(item):
    found = {}
    for record_set in item.record_sets:
        for entry in record_set.entries:
            found.setdefault(entry.entry_type, entry)
    return found


def text(entry):
    if entry is None:
        return None
    try:
        return entry.data_as_string
    except Exception:  # libpff raises on values it cannot decode
        return "<undecodable>"


def body(data):
    if data is None:
        return None
    return data.decode("utf-8", "replace").rstrip("\x00")


def attachment(item):
    fields = entries(item)
    method = fields.get(ATTACH_METHOD)
    if method is not None and method.data_as_integer == EMBEDDED_MESSAGE:
        subject = text(fields.get(DISPLAY_NAME))
        return {"message": {"subject": subject, "senderName": None, "senderAddress": None,
                            "html": None, "attachments": []}}
    size = item.get_size()
    data = item.read_buffer(size) if size > 0 else b""
    return {
        "name": text(fields.get(ATTACH_LONG_FILENAME)),
        "size": size,
        "sha256": hashlib.sha256(data).hexdigest(),
    }


def message(item, folder):
    fields = entries(item)
    return {
        "folder": folder,
        "subject": item.subject,
        "senderName": item.sender_name,
        "senderAddress": text(fields.get(SENDER_EMAIL)),
        "text": body(item.plain_text_body),
        "html": body(item.html_body),
        "attachments": [attachment(a) for a in item.attachments],
    }


def walk(folder, path):
    for item in folder.sub_messages:
        print(json.dumps(message(item, "/".join(path))))
    for child in folder.sub_folders:
        walk(child, path + [child.name])


def main():
    pst = pypff.file()
    pst.open(sys.argv[1])
    root = pst.get_root_folder()
    # The root holds "Top of Personal Folders" (the IPM subtree) and the search root.
    for top in root.sub_folders:
        if top.name == "Top of Personal Folders":
            walk(top, [])
    pst.close()


main()
