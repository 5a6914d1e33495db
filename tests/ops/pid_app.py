"""A WSGI app answering its worker's process id (tests/ops/test_gunicorn.py)."""
import os


def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [str(os.getpid()).encode()]


def slow_stream(environ, start_response):
    """Streams for longer than a short worker timeout, beating (?beat=1) or not."""
    import time

    from smartstock import worker_heartbeat

    beating = "beat=1" in environ.get("QUERY_STRING", "")
    start_response("200 OK", [("Content-Type", "text/plain")])

    def body():
        for _ in range(8):
            time.sleep(0.5)
            if beating:
                worker_heartbeat.beat()
            yield b"chunk\n"

    return body()
