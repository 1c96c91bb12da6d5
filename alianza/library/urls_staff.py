from django.urls import path

from alianza.library.views import staff, staff_collections

urlpatterns = [
    path("", staff.resource_list, name="library-staff-resources"),
    path("resources/new/", staff.resource_create, name="library-staff-resource-create"),
    path("resources/<int:pk>/", staff.resource_edit, name="library-staff-resource-edit"),
    path("resources/<int:pk>/publish/", staff.resource_publish,
         name="library-staff-resource-publish"),
    path("collections/", staff_collections.collection_list, name="library-staff-collections"),
    path("collections/new/", staff_collections.collection_create,
         name="library-staff-collection-create"),
    path("collections/<int:pk>/", staff_collections.collection_edit,
         name="library-staff-collection-edit"),
    path("collections/<int:pk>/add/", staff_collections.collection_item_add,
         name="library-staff-collection-add"),
    path("collections/<int:pk>/items/<int:item_pk>/", staff_collections.collection_item_change,
         name="library-staff-collection-item"),
    path("collections/<int:pk>/publish/", staff_collections.collection_publish,
         name="library-staff-collection-publish"),
    path("press-contacts/", staff_collections.contact_list, name="library-staff-contacts"),
    path("press-contacts/new/", staff_collections.contact_create,
         name="library-staff-contact-create"),
    path("press-contacts/<int:pk>/", staff_collections.contact_edit,
         name="library-staff-contact-edit"),
]
