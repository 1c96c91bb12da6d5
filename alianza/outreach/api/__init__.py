"""The OSDI API's people, tags, taggings, lists and items (shaped as Action Network's).

People live here rather than in the coalition app: a person's email status is read from
this app's suppressions and lists, and the signup helper tags and unsubscribes.
"""
