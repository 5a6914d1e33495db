from django.db import models


class CaseSensitiveCharField(models.CharField):
    """A CharField that compares case-sensitively on every database.

    SQLite compares text with BINARY already; MySQL/MariaDB's default utf8mb4
    collations are case-insensitive, so "ab-1" and "AB-1" would collide on a
    unique key. There the column gets utf8mb4_bin.
    """

    def db_parameters(self, connection):
        params = super().db_parameters(connection)
        if connection.vendor == "mysql":
            params["collation"] = "utf8mb4_bin"
        return params
