from django.db import migrations, models
from django.db.models import Q


class Migration(migrations.Migration):
    """The catalogue's texts in Dutch and English, and why a task is core.

    The existing texts were written in English (the report's language): they become the
    ``_en`` columns. The Dutch ones arrive with the next import of the catalogue workbook.
    """

    dependencies = [
        ("tasks", "0002_historicallisttask"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="task", name="tasks_task_cluster_a74340_idx"),
        migrations.RenameField(model_name="task", old_name="topic", new_name="topic_en"),
        migrations.RenameField(model_name="task", old_name="title", new_name="title_en"),
        migrations.RenameField(model_name="task", old_name="description", new_name="description_en"),
        migrations.AlterField(
            model_name="task",
            name="topic_en",
            field=models.CharField(blank=True, max_length=100, verbose_name="topic (English)"),
        ),
        migrations.AlterField(
            model_name="task",
            name="title_en",
            field=models.CharField(blank=True, max_length=300, verbose_name="task (English)"),
        ),
        migrations.AlterField(
            model_name="task",
            name="description_en",
            field=models.TextField(blank=True, verbose_name="description (English)"),
        ),
        migrations.AddField(
            model_name="task",
            name="topic_nl",
            field=models.CharField(blank=True, max_length=100, verbose_name="topic (Dutch)"),
        ),
        migrations.AddField(
            model_name="task",
            name="title_nl",
            field=models.CharField(blank=True, max_length=300, verbose_name="task (Dutch)"),
        ),
        migrations.AddField(
            model_name="task",
            name="description_nl",
            field=models.TextField(blank=True, verbose_name="description (Dutch)"),
        ),
        migrations.AddField(
            model_name="task",
            name="why_core_nl",
            field=models.TextField(blank=True, verbose_name="why core (Dutch)"),
        ),
        migrations.AddField(
            model_name="task",
            name="why_core_en",
            field=models.TextField(
                blank=True,
                help_text="The clause of the report's definition and the competences combined.",
                verbose_name="why core (English)",
            ),
        ),
        migrations.AlterField(
            model_name="task",
            name="is_core",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Of strategic importance, and needing technical competences combined with "
                    "pedagogical, administrative or policy ones (chapter 1, Core tasks of the "
                    "ICT coordinator)."
                ),
                verbose_name="core task",
            ),
        ),
        migrations.AddIndex(
            model_name="task",
            index=models.Index(fields=["cluster"], name="tasks_task_cluster_idx"),
        ),
        migrations.AddConstraint(
            model_name="task",
            constraint=models.CheckConstraint(
                condition=~Q(title_nl="") | ~Q(title_en=""), name="task_has_a_title"
            ),
        ),
        migrations.AddConstraint(
            model_name="task",
            constraint=models.CheckConstraint(
                condition=~Q(topic_nl="") | ~Q(topic_en=""), name="task_has_a_topic"
            ),
        ),
    ]
