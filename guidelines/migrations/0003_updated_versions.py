import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    """An ``updated`` timestamp: the version an edit form was loaded from."""

    dependencies = [
        ("guidelines", "0002_gap_routes_and_withdrawn_items"),
    ]

    operations = [
        migrations.AddField(
            model_name="actionitem",
            name="updated",
            field=models.DateTimeField(
                auto_now=True, default=django.utils.timezone.now, verbose_name="updated"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="answer",
            name="updated",
            field=models.DateTimeField(
                auto_now=True, default=django.utils.timezone.now, verbose_name="updated"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicalactionitem",
            name="updated",
            field=models.DateTimeField(
                blank=True, default=django.utils.timezone.now, editable=False, verbose_name="updated"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicalanswer",
            name="updated",
            field=models.DateTimeField(
                blank=True, default=django.utils.timezone.now, editable=False, verbose_name="updated"
            ),
            preserve_default=False,
        ),
    ]
