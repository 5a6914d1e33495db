"""A WSGI app answering its worker's process id (tests/ops/test_gunicorn.py)."""
import os


def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [str(os.getpid()).encode()]
