"""OpenAI's Files and Batches endpoints, as documented, for :class:`FakeOpenAIServer`.

https://platform.openai.com/docs/guides/batch and /docs/api-reference/batch:

- ``POST /v1/files`` (multipart: ``purpose=batch``, ``file``) -> a File object;
- ``POST /v1/batches`` (``input_file_id``, ``endpoint``, ``completion_window="24h"``) -> a Batch;
- ``GET /v1/batches/{id}`` -> the Batch; each retrieve moves it one step along
  validating -> in_progress -> in_progress -> finalizing -> completed (deterministic, so a
  test sees every status); an input that breaks the documented rules (unknown file,
  duplicate ``custom_id``, another url) ends ``failed`` with ``errors``;
- ``GET /v1/files/{id}/content`` -> the bytes of an input, output or error file.

Results are the server's own chat answers; requests ``fail_when`` picks go to the error
file with a 500, and the output file lists results in reverse order (the docs promise no order).
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import threading
import time
from collections.abc import Callable
from typing import Any, Protocol

STEPS = ("validating", "in_progress", "in_progress", "finalizing", "completed")


class _Replier(Protocol):
    def reply(self, body: dict[str, Any]) -> dict[str, Any]: ...


def _error(code: int, message: str) -> tuple[int, dict[str, Any]]:
    return code, {"error": {"message": message, "type": "invalid_request_error", "param": None, "code": None}}


class BatchBackend:
    def __init__(self, replier: _Replier) -> None:
        self._replier = replier
        self._lock = threading.RLock()
        self.files: dict[str, tuple[str, bytes]] = {}  # id -> (purpose, content)
        self.batches: dict[str, dict[str, Any]] = {}
        self.sent: dict[str, list[str]] = {}  # batch id -> custom_ids it carried
        self.fail_when: Callable[[dict[str, Any]], bool] | None = None
        self.retrieves = 0

    def _new_file(self, purpose: str, content: bytes, name: str) -> dict[str, Any]:
        with self._lock:
            file_id = f"file-{len(self.files) + 1:04d}"
            self.files[file_id] = (purpose, content)
        return {
            "id": file_id,
            "object": "file",
            "bytes": len(content),
            "created_at": int(time.time()),
            "filename": name,
            "purpose": purpose,
        }

    def upload(self, content_type: str, raw: bytes) -> tuple[int, dict[str, Any]]:
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + raw
        )
        fields: dict[str, tuple[str, bytes]] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            fields[str(name)] = (str(part.get_filename() or ""), part.get_payload(decode=True) or b"")
        if "file" not in fields or fields.get("purpose", ("", b""))[1] != b"batch":
            return _error(400, "a batch input needs multipart fields 'file' and purpose=batch")
        return 200, self._new_file("batch", fields["file"][1], fields["file"][0] or "input.jsonl")

    def create(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        file_id = body.get("input_file_id")
        if file_id not in self.files:
            return _error(404, f"No such File object: {file_id}")
        if self.files[file_id][0] != "batch":
            return _error(400, f"{file_id} was not uploaded with purpose=batch")
        if body.get("completion_window") != "24h":
            return _error(400, "completion_window must be 24h")
        with self._lock:
            batch_id = f"batch_{len(self.batches) + 1:04d}"
            now = int(time.time())
            self.batches[batch_id] = {
                "id": batch_id,
                "object": "batch",
                "endpoint": body.get("endpoint"),
                "errors": None,
                "input_file_id": file_id,
                "completion_window": "24h",
                "status": STEPS[0],
                "output_file_id": None,
                "error_file_id": None,
                "created_at": now,
                "in_progress_at": None,
                "expires_at": now + 86400,
                "completed_at": None,
                "failed_at": None,
                "request_counts": {"total": 0, "completed": 0, "failed": 0},
                "metadata": body.get("metadata") or {},
                "_step": 0,
            }
            return 200, self._public(self.batches[batch_id])

    @staticmethod
    def _public(batch: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in batch.items() if not k.startswith("_")}

    def get(self, path: str) -> tuple[int, dict[str, Any] | bytes]:
        parts = path.removeprefix("/v1/").split("/")
        if parts[0] == "files" and len(parts) == 3 and parts[2] == "content":
            stored = self.files.get(parts[1])
            return (200, stored[1]) if stored else _error(404, f"No such File object: {parts[1]}")
        if parts[0] == "batches" and len(parts) == 2 and parts[1] in self.batches:
            with self._lock:
                self.retrieves += 1
                batch = self.batches[parts[1]]
                if batch["status"] not in ("completed", "failed"):
                    self._advance(batch)
                return 200, self._public(batch)
        return _error(404, f"unknown path {path}")

    def _advance(self, batch: dict[str, Any]) -> None:
        batch["_step"] += 1
        batch["status"] = STEPS[batch["_step"]]
        if batch["status"] == "in_progress":
            lines, problem = self._validate(batch)
            if problem:
                batch.update(status="failed", failed_at=int(time.time()), errors={"object": "list", "data": [problem]})
                return
            batch["in_progress_at"] = int(time.time())
            batch["request_counts"]["total"] = len(lines)
            batch["_lines"] = lines
        elif batch["status"] == "completed":
            self._finish(batch)

    def _validate(self, batch: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
        _, content = self.files[batch["input_file_id"]]
        lines: list[dict[str, Any]] = []
        seen: set[str] = set()
        for number, raw in enumerate(content.decode().splitlines(), start=1):
            line = json.loads(raw)
            problem = None
            if line.get("custom_id") in seen:
                problem = "duplicate_custom_id"
            elif line.get("method") != "POST" or line.get("url") != batch["endpoint"]:
                problem = "invalid_url"
            if problem:
                return [], {"code": problem, "message": f"line {number}: {problem}", "param": None, "line": number}
            seen.add(line["custom_id"])
            lines.append(line)
        self.sent[batch["id"]] = [line["custom_id"] for line in lines]
        return lines, None

    def _finish(self, batch: dict[str, Any]) -> None:
        outputs: list[str] = []
        errors: list[str] = []
        for number, line in enumerate(batch.pop("_lines"), start=1):
            result: dict[str, Any] = {"id": f"batch_req_{number}", "custom_id": line["custom_id"], "error": None}
            if self.fail_when is not None and self.fail_when(line["body"]):
                error_body = {"error": {"message": "The server had an error", "type": "server_error"}}
                result["response"] = {"status_code": 500, "request_id": f"req_{number}", "body": error_body}
                errors.append(json.dumps(result))
            else:
                reply = self._replier.reply(line["body"])
                result["response"] = {"status_code": 200, "request_id": f"req_{number}", "body": reply}
                outputs.append(json.dumps(result))
        outputs.reverse()
        batch["request_counts"].update(completed=len(outputs), failed=len(errors))
        batch["completed_at"] = int(time.time())
        if outputs:
            batch["output_file_id"] = self._new_file("batch_output", "\n".join(outputs).encode() + b"\n", "out")["id"]
        if errors:
            batch["error_file_id"] = self._new_file("batch_output", "\n".join(errors).encode() + b"\n", "err")["id"]
