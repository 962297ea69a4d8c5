"""fakesnow's server mode, made readable by the Node driver (snowflake-sdk).

fakesnow (PyPI) answers every query with `queryResultFormat: "arrow"` and `rowsetBase64`
(Arrow IPC), as the Python connector asks for. snowflake-sdk for Node only reads the JSON
result format (`rowset`: rows of strings), so every SELECT and DDL fails inside the driver
(`TypeError: Cannot read properties of undefined (reading 'length')` in createChunks). This
launcher puts a small ASGI middleware in front of fakesnow.server.app that re-encodes those
Arrow results as Snowflake's JSON rowsets (strings; TIMESTAMP_NTZ as "seconds.nanoseconds",
DATE as days, BOOLEAN as "1"/"0"). Nothing else is changed.

usage: python serve.py PORT
"""

import base64
import json
import sys

import pyarrow as pa
import uvicorn
from fakesnow.server import app as fakesnow_app


def _cell(value, column):
    if value is None:
        return None
    kind = (column.get("type") or "").lower()
    if kind.startswith("timestamp"):
        if isinstance(value, dict):
            if value.get("epoch") is None:
                return None
            return f"{value['epoch']}.{int(value.get('fraction') or 0):09d}"
        return str(value)
    if kind == "date":
        import datetime

        return str((value - datetime.date(1970, 1, 1)).days)
    if kind == "boolean":
        return "1" if value else "0"
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return str(value)


def arrow_to_rowset(data):
    encoded = data.get("rowsetBase64") or ""
    rowtype = data.get("rowtype") or []
    if not encoded:
        return []
    table = pa.ipc.open_stream(base64.b64decode(encoded)).read_all()
    columns = [column.to_pylist() for column in table.columns]
    return [[_cell(columns[c][r], rowtype[c]) for c in range(len(columns))] for r in range(table.num_rows)]


def convert(payload: bytes) -> bytes:
    try:
        parsed = json.loads(payload)
    except ValueError:
        return payload
    data = parsed.get("data") if isinstance(parsed, dict) else None
    if not isinstance(data, dict):
        return payload
    try:
        if data.get("queryResultFormat") == "arrow":
            data["rowset"] = arrow_to_rowset(data)
            data["queryResultFormat"] = "json"
            data.pop("rowsetBase64", None)
        if "rowset" in data:
            data.setdefault("returned", len(data["rowset"]))
    except Exception as error:  # keep the original answer
        print(f"json-results: could not convert: {error}", file=sys.stderr)
        return payload
    return json.dumps(parsed).encode()


class JsonResults:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not scope["path"].startswith("/queries/v1/query-request"):
            return await self.app(scope, receive, send)
        start = {}
        body = []

        async def capture(message):
            if message["type"] == "http.response.start":
                start.update(message)
            else:
                body.append(message.get("body", b""))
                if not message.get("more_body"):
                    payload = convert(b"".join(body))
                    headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
                    headers.append((b"content-length", str(len(payload)).encode()))
                    await send({**start, "headers": headers})
                    await send({"type": "http.response.body", "body": payload})

        await self.app(scope, receive, capture)


if __name__ == "__main__":
    uvicorn.run(JsonResults(fakesnow_app), host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
