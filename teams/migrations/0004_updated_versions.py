import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    """An ``updated`` timestamp: the version an edit form was loaded from."""

    dependencies = [
        ("teams", "0003_vacancy_terms_contact_how_to_apply"),
    ]

    operations = [
        migrations.AddField(
            model_name="agreement",
            name="updated",
            field=models.DateTimeField(
                auto_now=True, default=django.utils.timezone.now, verbose_name="updated"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="consultationgroup",
            name="updated",
            field=models.DateTimeField(
                auto_now=True, default=django.utils.timezone.now, verbose_name="updated"
            ),
            preserve_default=False,
        ),
    ]
