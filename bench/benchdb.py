"""Creating a bench's MariaDB/MySQL database (shared by the benches that need one)."""

from __future__ import annotations


def create_database(
    name: str,
    *,
    host: str = "127.0.0.1",
    port: int = 3306,
    user: str = "root",
    password: str = "",
) -> None:
    """``CREATE DATABASE IF NOT EXISTS`` with the project's character set: a new
    machine has none, and the bench then migrates it."""
    import MySQLdb

    server = MySQLdb.connect(host=host, port=port, user=user, password=password)
    try:
        server.cursor().execute(
            f"CREATE DATABASE IF NOT EXISTS `{name.replace('`', '')}` "
            "CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
        )
    finally:
        server.close()
