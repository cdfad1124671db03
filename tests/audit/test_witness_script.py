"""scripts/audit_witness.py end to end, against a tiny HTTP server on 127.0.0.1 serving
fixture tree heads and proofs (no database: the witness never sees one)."""

from __future__ import annotations

import ast
import base64
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from coord.audit import merkle
from coord.audit.sth import sth_key_id, sth_message

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "audit_witness.py"
TOKEN = "witness-token-for-tests"


def marked_block(path: Path, name: str) -> str:
    text = path.read_text()
    start = text.index(f"# --- {name}: begin")
    end = text.index(f"# --- {name}: end ---")
    return text[start:end]


class Log:
    """A fixture log: leaves in a memory store, tree heads signed with ``key``."""

    def __init__(self, key: Ed25519PrivateKey, leaves: list[bytes]) -> None:
        self.key, self.store = key, merkle.MemoryNodeStore(leaves)

    def sth(self, size: int, timestamp: int = 1_764_633_600_000) -> dict:
        root = merkle.root(self.store, size).hex()
        signature = self.key.sign(sth_message(size, root, timestamp))
        return {
            "tree_size": size,
            "root_hash": root,
            "timestamp": timestamp,
            "key_id": sth_key_id(self.key.public_key()),
            "signature": base64.b64encode(signature).decode(),
        }

    def consistency(self, first: int, second: int) -> dict:
        proof = merkle.consistency_proof(self.store, first, second)
        return {"first": first, "second": second, "proof": [h.hex() for h in proof]}


class Server:
    """Serves ``sth`` at the STH path and ``proofs[(first, second)]`` at the proof path."""

    def __init__(self) -> None:
        self.sth: dict | None = None
        self.proofs: dict[tuple[int, int], dict] = {}
        self.headers: list[str | None] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.headers.append(self.headers.get("Authorization"))
                url = urlsplit(self.path)
                body: object = None
                if url.path == "/api/v1/audit/sth/":
                    body = server.sth
                elif url.path == "/api/v1/audit/proofs/consistency/":
                    query = parse_qs(url.query)
                    body = server.proofs.get((int(query["first"][0]), int(query["second"][0])))
                if body is None:
                    self.send_error(404)
                    return
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def serve(self, log: Log, size: int, since: int | None = None) -> None:
        self.sth = log.sth(size)
        if since is not None:
            self.proofs[(since, size)] = log.consistency(since, size)


@pytest.fixture
def server() -> Iterator[Server]:
    server = Server()
    thread = threading.Thread(target=server.httpd.serve_forever, daemon=True)
    thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture
def key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture
def log(key) -> Log:
    return Log(key, [merkle.leaf_hash(f"event {i}".encode()) for i in range(100)])


@pytest.fixture
def witness(tmp_path, key, server):
    pubkey = tmp_path / "audit.pub"
    pubkey.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    state = tmp_path / "state.json"

    def run() -> subprocess.CompletedProcess:
        command = [sys.executable, str(SCRIPT), "--url", server.url + "/", "--token", TOKEN]
        command += ["--state", str(run.state), "--pubkey", str(pubkey)]  # type: ignore[attr-defined]
        return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)  # noqa: S603

    run.state = state  # type: ignore[attr-defined]
    return run


def stored_size(witness) -> int:
    return json.loads(witness.state.read_text())["sth"]["tree_size"]


@pytest.mark.parametrize(
    ("source", "block"),
    [("coord/audit/merkle.py", "rfc9162-verify"), ("coord/audit/sth.py", "sth-verify")],
)
def test_it_carries_a_verbatim_copy_of_the_verification_code(source, block):
    assert marked_block(ROOT / source, block) == marked_block(SCRIPT, block)


def test_it_imports_nothing_but_the_standard_library_and_cryptography():
    tree = ast.parse(SCRIPT.read_text())
    imported = {
        (alias.name if isinstance(node, ast.Import) else node.module or "").split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert imported - set(sys.stdlib_module_names) - {"__future__"} == {"cryptography"}


def test_it_pins_the_first_tree_head_it_sees(witness, server, log):
    server.serve(log, 40)
    result = witness()
    assert result.returncode == 0, result.stderr
    assert "first run" in result.stdout
    assert stored_size(witness) == 40


def test_it_sends_the_api_token(witness, server, log):
    server.serve(log, 40)
    witness()
    assert server.headers == [f"Token {TOKEN}"]


def test_it_accepts_a_log_that_grew_from_what_it_stored(witness, server, log):
    server.serve(log, 40)
    witness()
    server.serve(log, 100, since=40)
    result = witness()
    assert result.returncode == 0, result.stderr
    assert "tree head 100 extends tree head 40" in result.stdout
    assert stored_size(witness) == 100


def test_it_accepts_a_log_that_did_not_grow(witness, server, log):
    server.serve(log, 40)
    witness()
    assert witness().returncode == 0


def test_it_fails_on_a_forked_log(witness, server, log, key):
    server.serve(log, 40)
    witness()
    leaves = [merkle.leaf_hash(f"event {i}".encode()) for i in range(100)]
    leaves[17] = merkle.leaf_hash(b"event 17, rewritten")
    server.serve(Log(key, leaves), 100, since=40)
    result = witness()
    assert result.returncode == 1
    assert "does not extend tree 40" in result.stderr
    assert stored_size(witness) == 40  # the evidence is kept


def test_it_fails_on_two_roots_for_the_same_size(witness, server, log, key):
    server.serve(log, 40)
    witness()
    server.serve(Log(key, [merkle.leaf_hash(b"other") for _ in range(40)]), 40)
    result = witness()
    assert result.returncode == 1
    assert "forked" in result.stderr


@pytest.mark.parametrize("size", [0, 39])
def test_it_fails_on_a_truncated_log(witness, server, log, size):
    server.serve(log, 40)
    witness()
    server.serve(log, size)
    result = witness()
    assert result.returncode == 1
    assert f"the log shrank: its tree head says {size} events, this witness saw 40" in (
        result.stderr
    )


def test_it_fails_on_a_bad_signature(witness, server, log):
    server.serve(log, 40)
    witness()
    server.serve(log, 100, since=40)
    signature = bytearray(base64.b64decode(server.sth["signature"]))
    signature[5] ^= 1
    server.sth["signature"] = base64.b64encode(bytes(signature)).decode()
    result = witness()
    assert result.returncode == 1
    assert "bad signature" in result.stderr
    assert stored_size(witness) == 40


def test_it_fails_on_a_tree_head_signed_by_another_key(witness, server, log):
    impostor = Log(Ed25519PrivateKey.generate(), [merkle.leaf_hash(b"event 0")])
    server.serve(impostor, 1)
    result = witness()
    assert result.returncode == 1
    assert "not the pinned key" in result.stderr
    assert not witness.state.exists()


def test_it_fails_on_a_proof_with_a_flipped_bit(witness, server, log):
    server.serve(log, 40)
    witness()
    server.serve(log, 100, since=40)
    proof = server.proofs[(40, 100)]["proof"]
    proof[-1] = ("0" if proof[-1][0] != "0" else "1") + proof[-1][1:]
    result = witness()
    assert result.returncode == 1
    assert stored_size(witness) == 40


def test_it_fails_on_a_proof_for_other_sizes(witness, server, log):
    server.serve(log, 40)
    witness()
    server.serve(log, 100)
    server.proofs[(40, 100)] = log.consistency(41, 100)
    result = witness()
    assert result.returncode == 1
    assert "other sizes" in result.stderr


def test_it_says_it_could_not_check_when_the_log_does_not_answer(witness, server, log):
    server.serve(log, 40)
    witness()
    server.serve(log, 100)  # no proof served: 404
    result = witness()
    assert result.returncode == 2
    assert "HTTP 404" in result.stderr
    assert stored_size(witness) == 40


def test_it_says_it_could_not_check_when_the_state_cannot_be_written(witness, server, log):
    server.serve(log, 40)
    witness.state = witness.state.parent / "missing-directory" / "state.json"
    result = witness()
    assert result.returncode == 2
    assert "was not written" in result.stderr


def test_it_accepts_what_the_service_code_serves(db, tmp_path, server):
    """The documented shapes, produced by coord.audit.sth and coord.audit.tree_store."""
    from coord.audit import signing, sth, tree_store

    leaves = [merkle.leaf_hash(f"event {i}".encode()) for i in range(30)]
    pubkey = tmp_path / "audit.pub"
    pubkey.write_text(signing.public_key_pem())
    command = [sys.executable, str(SCRIPT), "--url", server.url, "--token", TOKEN]
    command += ["--state", str(tmp_path / "state.json"), "--pubkey", str(pubkey)]
    for start, end in ((0, 12), (12, 30)):
        tree_store.append_leaves(leaves[start:end], start)
        server.sth = sth.sth_as_json(sth.sth_create())
        proof = tree_store.consistency_proof(start, end)
        server.proofs[(start, end)] = {
            "first": start,
            "second": end,
            "proof": [h.hex() for h in proof],
        }
        result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)  # noqa: S603
        assert result.returncode == 0, result.stderr
    assert "tree head 30 extends tree head 12" in result.stdout
