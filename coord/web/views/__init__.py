"""Server-rendered pages. Views are thin: they ask ``sharing_policies`` who may do what and
call the same services and selectors as the API."""
