"""gunicorn's access log as one JSON object per request (see access_log_format in gunicorn.conf.py).

gunicorn escapes only double quotes in the values it puts into the format; a backslash or a
control character in a path, query string or user agent would still break the JSON. Here every
text value is escaped as a JSON string body, so each line parses whatever the client sent.
"""

import json

from gunicorn.glogging import Logger, SafeAtoms


class JsonSafeAtoms(SafeAtoms):
    def __init__(self, atoms):
        dict.__init__(self)
        for key, value in atoms.items():
            if isinstance(value, str):
                value = json.dumps(value, ensure_ascii=False)[1:-1]
            self[key] = value


class JsonAccessLogger(Logger):
    atoms_wrapper_class = JsonSafeAtoms
