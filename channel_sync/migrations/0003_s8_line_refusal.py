from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("channel_sync", "0002_s8_sale_amounts"),
    ]

    operations = [
        migrations.AddField(
            model_name="channelorderline",
            name="refusal",
            field=models.JSONField(blank=True, editable=False, null=True),
        ),
    ]
