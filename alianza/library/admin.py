from django.contrib import admin

from alianza.library import models

for model in (
    models.Topic, models.Audience, models.Resource, models.ResourceText,
    models.Collection, models.CollectionItem, models.MediaContact,
):
    admin.site.register(model)
