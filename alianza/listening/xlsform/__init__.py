"""XLSForm (the ODK / KoBoToolbox spreadsheet format) in and out of listening surveys.

``relevant`` turns XLSForm ``relevant`` expressions into ``logic`` conditions and back,
``reader`` reads an uploaded workbook safely and has ``pyxform`` check it, ``importer`` maps
its rows onto plain data, and ``exporter`` writes a version as a workbook. Supported
features are listed in ``docs/xlsform.md``.
"""
