from api.views import api

# Included at /api/v1/ by werkcoach.urls; the names are in the namespace "api".
urls = api.urls
