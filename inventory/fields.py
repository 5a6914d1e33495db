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


class CaseInsensitiveCharField(models.CharField):
    """A CharField whose unique keys ignore upper/lower case on MySQL/MariaDB.

    Used for the master SKU: a seller's Excel often changes a code's case, and
    "ab-1" and "AB-1" must not become two products. MySQL/MariaDB compare with
    the case-insensitive utf8mb4_unicode_ci (set explicitly: a server's default
    collation may differ). SQLite compares with BINARY, so the model adds a
    unique constraint on LOWER(sku) there (MariaDB has no expression indexes).
    """

    def db_parameters(self, connection):
        params = super().db_parameters(connection)
        if connection.vendor == "mysql":
            params["collation"] = "utf8mb4_unicode_ci"
        return params
