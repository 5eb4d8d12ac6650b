from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("terms", "0007_reserve_embed_slug")]

    operations = [
        migrations.AddField(
            model_name="relatedlink",
            name="one_way_intended",
            field=models.BooleanField(
                default=False,
                help_text="The target need not link back: content health stops listing this link.",
                verbose_name="one-way on purpose",
            ),
        ),
    ]
