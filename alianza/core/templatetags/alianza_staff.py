from django import template

from alianza.core.registry import StaffLink, staff_menu

register = template.Library()


@register.simple_tag
def staff_menu_for(user) -> list:
    return staff_menu(user)


@register.filter
def is_staff_group(entry) -> bool:
    return not isinstance(entry, StaffLink)
