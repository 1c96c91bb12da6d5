from django.contrib import admin

from alianza.convenings import models
from alianza.core.email_address import email_formfield_overrides


class EventTextInline(admin.StackedInline):
    model = models.EventText
    extra = 0


class QuestionInline(admin.TabularInline):
    model = models.Question
    extra = 0


@admin.register(models.Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("slug", "kind", "starts_at", "capacity", "is_published", "is_cancelled")
    list_filter = ("kind", "is_published", "is_cancelled")
    search_fields = ("slug", "texts__title")
    filter_horizontal = ("hosts",)
    inlines = [EventTextInline, QuestionInline]


@admin.register(models.Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ("email", "event", "status", "waitlist_position", "created_at")
    list_filter = ("status",)
    search_fields = ("email", "name", "event__slug")
    raw_id_fields = ("event", "person", "organization")
    formfield_overrides = email_formfield_overrides()
