from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from alianza.coalition import models
from alianza.core.email_address import email_formfield_overrides


class AffiliationInline(admin.TabularInline):
    model = models.Affiliation
    extra = 0
    autocomplete_fields = ("organization", "person")


class PersonEmailInline(admin.TabularInline):
    model = models.PersonEmail
    extra = 0
    formfield_overrides = email_formfield_overrides()


@admin.register(models.Person)
class PersonAdmin(admin.ModelAdmin):
    formfield_overrides = email_formfield_overrides()
    list_display = ("name", "email", "preferred_language", "county", "email_confirmed_at")
    search_fields = ("name", "email", "other_emails__email")
    list_filter = ("preferred_language",)
    inlines = [PersonEmailInline, AffiliationInline]


@admin.register(models.Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "county", "coalition_role", "membership_status")
    list_filter = ("kind", "coalition_role", "membership_status")
    search_fields = ("name",)
    inlines = [AffiliationInline]


@admin.register(models.Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ("created_at", "person", "kind", "scope", "granted", "language", "source")
    list_filter = ("kind", "granted", "language")
    search_fields = ("person__email",)
    readonly_fields = ("person", "kind", "scope", "granted", "wording", "language", "source")


class StatementTextInline(admin.StackedInline):
    model = models.StatementText
    extra = 0


@admin.register(models.StatementVersion)
class StatementVersionAdmin(admin.ModelAdmin):
    list_display = ("statement", "number", "published_at")
    inlines = [StatementTextInline]


@admin.register(models.Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ("slug", "is_open", "created_at")


@admin.register(models.Signature)
class SignatureAdmin(admin.ModelAdmin):
    list_display = ("person", "organization", "statement", "status", "listed", "confirmed_at")
    list_filter = ("status", "listed", "statement")
    search_fields = ("person__name", "person__email", "organization__name")
    raw_id_fields = ("person", "organization")


@admin.register(models.MembershipApplication)
class MembershipApplicationAdmin(admin.ModelAdmin):
    list_display = ("organization", "contact", "status", "created_at", "decided_at")
    list_filter = ("status",)
    raw_id_fields = ("organization", "contact")


class WorkgroupTextInline(admin.StackedInline):
    model = models.WorkgroupText
    extra = 0


@admin.register(models.Workgroup)
class WorkgroupAdmin(admin.ModelAdmin):
    list_display = ("slug", "is_open")
    filter_horizontal = ("leads",)
    inlines = [WorkgroupTextInline]


class CoalitionProfileTextInline(admin.StackedInline):
    model = models.CoalitionProfileText
    extra = 0


@admin.register(models.CoalitionProfile)
class CoalitionProfileAdmin(admin.ModelAdmin):
    formfield_overrides = email_formfield_overrides()
    inlines = [CoalitionProfileTextInline]


@admin.register(models.JoinSubmission)
class JoinSubmissionAdmin(admin.ModelAdmin):
    """Join-form submissions waiting for, or failed in, background processing."""

    list_display = ("created_at", "__str__", "status", "attempts", "processed_at")
    list_filter = ("status",)
    search_fields = ("payload__email", "error")
    readonly_fields = ("payload", "status", "attempts", "claimed_by", "claimed_at", "error",
                       "created_at", "processed_at")
    actions = ["retry"]

    @admin.action(description=_("Process again"))
    def retry(self, request, queryset):
        from alianza.coalition.services.intake import join_submissions_retry

        join_submissions_retry(ids=list(queryset.values_list("pk", flat=True)))

    def has_add_permission(self, request) -> bool:
        return False
