"""Uploads: the file, its preview (problems with row/column), status."""

from rest_framework import serializers

from inventory.models import UploadBatch


class UploadCreateSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The SmartStock template or a channel's "
                                           "order export (.xlsx or .csv).")
    default_date = serializers.DateField(
        required=False, help_text="Date of rows without one.")
    quantity_kind = serializers.ChoiceField(
        choices=["outbound", "inbound", "stock_count"], required=False,
        help_text="What a plain quantity column means (default outbound).")
    channel = serializers.CharField(required=False, allow_blank=True,
                                    help_text="Channel of rows without one.")

    def options(self) -> dict:
        data = self.validated_data
        options = {}
        if data.get("default_date"):
            options["default_date"] = data["default_date"].isoformat()
        if data.get("quantity_kind"):
            options["quantity_kind"] = data["quantity_kind"]
        if data.get("channel"):
            options["channel"] = data["channel"]
        return options


class ProblemSerializer(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True)
    column = serializers.CharField(allow_null=True, allow_blank=True)
    severity = serializers.CharField()
    code = serializers.CharField()
    message = serializers.CharField(help_text="In the request's language.")


class UploadTotalSerializer(serializers.Serializer):
    product_id = serializers.IntegerField(allow_null=True)
    sku = serializers.CharField(allow_blank=True)
    name = serializers.CharField(allow_blank=True)
    inbound = serializers.IntegerField()
    outbound = serializers.IntegerField()
    stock_count = serializers.IntegerField(allow_null=True)


class UnknownCodeSerializer(serializers.Serializer):
    code = serializers.CharField()
    rows = serializers.ListField(child=serializers.IntegerField())
    row_count = serializers.IntegerField()
    suggestions = serializers.ListField(child=serializers.CharField())


class UploadRowSerializer(serializers.Serializer):
    """One movement confirm will write (file row number included)."""

    row = serializers.IntegerField()
    product = serializers.IntegerField(allow_null=True)
    kind = serializers.CharField()
    quantity = serializers.IntegerField()
    business_date = serializers.DateField()
    channel = serializers.IntegerField(allow_null=True)
    lot_code = serializers.CharField(allow_blank=True, allow_null=True)
    expiry_date = serializers.DateField(allow_null=True)
    external_ref = serializers.CharField(allow_blank=True, allow_null=True)
    note = serializers.CharField(allow_blank=True, allow_null=True)


class UploadSerializer(serializers.Serializer):
    """An upload with its preview."""

    id = serializers.IntegerField()
    filename = serializers.CharField()
    status = serializers.ChoiceField(choices=UploadBatch.Status.choices)
    status_label = serializers.CharField()
    ok = serializers.BooleanField(help_text="True when it can be confirmed.")
    refused = serializers.CharField(allow_null=True,
                                    help_text="Why the whole file was refused.")
    format = serializers.CharField(allow_blank=True)
    encoding = serializers.CharField(allow_blank=True)
    data_rows = serializers.IntegerField()
    rows_to_apply = serializers.IntegerField()
    error_count = serializers.IntegerField()
    warning_count = serializers.IntegerField()
    problem_count = serializers.IntegerField()
    problems = ProblemSerializer(many=True)
    totals = UploadTotalSerializer(many=True)
    unknown_codes = UnknownCodeSerializer(many=True)
    date_range = serializers.ListField(child=serializers.DateField(), allow_null=True)
    skipped_total = serializers.IntegerField(
        help_text="Rows left out on purpose (cancelled, returned, empty…).")
    rows = UploadRowSerializer(many=True, help_text="The first 500 movements "
                               "confirm will write, with their file row.")
    movements_count = serializers.IntegerField()
    error_message = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()


class UploadStatusSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=UploadBatch.Status.choices)
    status_label = serializers.CharField()
    phase = serializers.CharField(allow_blank=True)
    done = serializers.IntegerField()
    total = serializers.IntegerField(allow_null=True)
    finished = serializers.BooleanField()
    movements_count = serializers.IntegerField()
    error_message = serializers.CharField(allow_blank=True)


class UploadConfirmSerializer(serializers.Serializer):
    allow_duplicate = serializers.BooleanField(
        default=False, help_text="Apply a file that was already applied once more.")


class UploadRevertedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reversed_movements = serializers.IntegerField()
