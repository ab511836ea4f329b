package realserver_test

import (
	"crypto/rand"
	"crypto/rsa"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/doctor"
	"github.com/authdoctor/authdoctor/internal/pgtest"
)

// Django REST framework with djangorestframework-simplejwt (Debian's
// python3-djangorestframework-simplejwt) on a real PostgreSQL stands in
// for PostgREST, which Debian does not package: a JWT-protected REST API
// over a PostgreSQL table, where the token's user must hold a permission
// on the table. The files below are the project a developer would write:
// settings, one model, one migration, two views; authentication,
// permission checks and every refusal's wording are the libraries'.

// drfCommon is the settings both sites share: the database is the
// cluster's Unix socket; every view wants an authenticated user, by JWT
// only.
const drfCommon = `SECRET_KEY = %[1]q
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
USE_TZ = True
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "rest_framework",
    "notes",
]
MIDDLEWARE = []
ROOT_URLCONF = "drfsite.urls"
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "postgres",
        "USER": %[2]q,
        "HOST": %[3]q,
        "PORT": "5432",
    }
}
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework_simplejwt.authentication.JWTAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
`

// drfSettingsHS is the site whose tokens are HS256 with a shared secret
// (SimpleJWT's default), the user named by username in user_id.
const drfSettingsHS = `from drfsite.common import *
SIMPLE_JWT = {
    "ALGORITHM": "HS256",
    "SIGNING_KEY": %[1]q,
    "USER_ID_FIELD": "username",
    "USER_ID_CLAIM": "user_id",
}
`

// drfSettingsRS is the site whose tokens an identity provider signs with
// RS256, verified against its published JWK Set (SimpleJWT's JWK_URL).
const drfSettingsRS = `from drfsite.common import *
SIMPLE_JWT = {
    "ALGORITHM": "RS256",
    "JWK_URL": %[1]q,
    "USER_ID_FIELD": "username",
    "USER_ID_CLAIM": "user_id",
}
`

const drfURLs = `from django.urls import path
from rest_framework.permissions import DjangoModelPermissions, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from notes.models import Note


class CanViewNotes(DjangoModelPermissions):
    # DjangoModelPermissions asks nothing of a GET; here reading the notes
    # table needs notes.view_note.
    perms_map = dict(DjangoModelPermissions.perms_map, GET=["%(app_label)s.view_%(model_name)s"])


class NoteList(APIView):
    permission_classes = [IsAuthenticated, CanViewNotes]
    queryset = Note.objects.all()

    def get(self, request):
        return Response(list(Note.objects.order_by("id").values("id", "text")))


class Me(APIView):
    def get(self, request):
        return Response({"username": request.user.get_username()})


urlpatterns = [
    path("api/notes/", NoteList.as_view()),
    path("api/me/", Me.as_view()),
]
`

const drfModels = `from django.db import models


class Note(models.Model):
    text = models.TextField()
`

const drfMigration = `from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(
            name="Note",
            fields=[
                ("id", models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("text", models.TextField()),
            ],
        ),
    ]
`

// drfSetup migrates the database and creates the users: alice may read
// the notes table, bob may not.
const drfSetup = `import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ["DJANGO_SETTINGS_MODULE"] = "drfsite.settings_hs"
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0, interactive=False)
from django.contrib.auth.models import Permission, User
from notes.models import Note
User.objects.create_user("alice").user_permissions.add(Permission.objects.get(codename="view_note"))
User.objects.create_user("bob")
Note.objects.create(text="kept in PostgreSQL")
`

// drfServe serves the site named by argv[1] on 127.0.0.1:argv[2] with
// Django's threaded development server (what runserver runs, without the
// autoreloader).
const drfServe = `import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ["DJANGO_SETTINGS_MODULE"] = sys.argv[1]
import django
django.setup()
from django.core.servers.basehttp import run
from django.core.wsgi import get_wsgi_application
run("127.0.0.1", int(sys.argv[2]), get_wsgi_application(), threading=True)
`

// drfSite is the Django project started by startDRF.
type drfSite struct {
	hs, rs string // base URLs of the HS256 and the RS256 site
}

// startDRF starts PostgreSQL, writes the Django project, migrates, and
// starts both sites. secret is the HS256 signing key; jwksURL is where the
// RS256 site fetches its keys.
func startDRF(t *testing.T, secret, jwksURL string) drfSite {
	t.Helper()
	python := requireBinary(t, "python3", "/usr/bin/python3")
	if err := exec.Command(python, "-c", "import django, rest_framework, rest_framework_simplejwt, psycopg2").Run(); err != nil {
		missing(t, "Django REST framework, SimpleJWT or psycopg2 for "+python+" is not installed")
	}
	pg := pgtest.Start(t)
	dir := serverDir(t)
	app := filepath.Join(dir, "app")
	writeFile(t, app, "drfsite/__init__.py", "", 0o644)
	writeFile(t, app, "drfsite/common.py", fmt.Sprintf(drfCommon, rand.Text()+rand.Text(), pgtest.Role, pg.SocketDir), 0o600)
	writeFile(t, app, "drfsite/settings_hs.py", fmt.Sprintf(drfSettingsHS, secret), 0o600)
	writeFile(t, app, "drfsite/settings_rs.py", fmt.Sprintf(drfSettingsRS, jwksURL), 0o600)
	writeFile(t, app, "drfsite/urls.py", drfURLs, 0o644)
	writeFile(t, app, "notes/__init__.py", "", 0o644)
	writeFile(t, app, "notes/models.py", drfModels, 0o644)
	writeFile(t, app, "notes/migrations/__init__.py", "", 0o644)
	writeFile(t, app, "notes/migrations/0001_initial.py", drfMigration, 0o644)
	setup := writeFile(t, app, "setup.py", drfSetup, 0o644)
	serve := writeFile(t, app, "serve.py", drfServe, 0o644)

	cmd := exec.Command(python, "-B", setup)
	cmd.Env = []string{"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8"}
	runSetup(t, "migrate the Django project", cmd)

	site := func(settings string) string {
		ports := startServer(t, "django "+settings, python, 1, func(ports []int) ([]string, string) {
			return []string{"-B", serve, "drfsite." + settings, strconv.Itoa(ports[0])}, filepath.Join(dir, "no-error-log")
		})
		return "http://127.0.0.1:" + strconv.Itoa(ports[0])
	}
	return drfSite{hs: site("settings_hs"), rs: site("settings_rs")}
}

// simpleJWT is an access token as SimpleJWT issues it (its token_type,
// jti and user claim), with what a case changes.
type simpleJWT struct {
	user      string
	tokenType string
	exp       time.Time
}

func (s simpleJWT) claims() map[string]any {
	exp := s.exp
	if exp.IsZero() {
		exp = time.Now().Add(5 * time.Minute)
	}
	typ := s.tokenType
	if typ == "" {
		typ = "access"
	}
	return map[string]any{
		"token_type": typ,
		"exp":        exp.Unix(),
		"iat":        exp.Add(-5 * time.Minute).Unix(),
		"jti":        rand.Text(),
		"user_id":    s.user,
	}
}

// TestDjangoRESTFramework runs DRF + SimpleJWT over PostgreSQL, with an
// HS256 site and an RS256 site that verifies with a published JWK Set.
func TestDjangoRESTFramework(t *testing.T) {
	t.Parallel()
	secret := rand.Text() + rand.Text() // 52 characters, SimpleJWT's signing key
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatalf("generate RSA key: %v", err)
	}
	otherKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatalf("generate RSA key: %v", err)
	}
	const kid, otherKid = "idp-2026-01", "idp-2025-07"
	jwks := jwksServer(t, jose.JSONWebKey{Key: &rsaKey.PublicKey, KeyID: kid, Algorithm: string(jose.RS256), Use: "sig"})
	site := startDRF(t, secret, jwks)
	notes := site.hs + "/api/notes/"
	rsNotes := site.rs + "/api/notes/"

	hs := func(s simpleJWT) string { return signJWT(t, jose.HS256, []byte(secret), "", s.claims()) }
	rs := func(s simpleJWT) string { return signJWT(t, jose.RS256, rsaKey, kid, s.claims()) }
	bearer := func(tok string) authdoctor.Field { return field("Authorization", "Bearer "+tok) }
	alice := simpleJWT{user: "alice"}
	expired := simpleJWT{user: "alice", exp: time.Now().Add(-time.Hour)}
	// Expired 5 s ago: inside authdoctor's default 60 s leeway, while
	// SimpleJWT's LEEWAY is 0.
	justExpired := simpleJWT{user: "alice", exp: time.Now().Add(-5 * time.Second)}
	withKeys := doctor.Config{Issuer: doctor.IssuerOptions{Ask: true, JWKS: jwks}}

	runCases(t, []realCase{
		{
			name: "hs256/valid",
			req:  get(notes, bearer(hs(alice))),
			want: want{cause: authdoctor.CauseAccepted, confidence: authdoctor.Confirmed},
		},
		{
			// 401 {"detail":"Authentication credentials were not
			// provided."}, WWW-Authenticate: Bearer realm="api".
			name: "hs256/no-token",
			req:  get(notes),
			want: want{cause: authdoctor.CauseCredentialMissing, verdictFinding: "request.no-credential"},
		},
		{
			// "Token is invalid or expired", and exp passed an hour ago.
			name: "hs256/expired",
			req:  get(notes, bearer(hs(expired))),
			want: want{cause: authdoctor.CauseTokenExpired, verdictFinding: "token.expired"},
		},
		{
			// Issue 7 pattern 3: the server refuses a token 5 s past exp
			// and says "expired"; our leeway does not make it valid there.
			name: "hs256/expired-inside-our-leeway",
			req:  get(notes, bearer(hs(justExpired))),
			want: want{cause: authdoctor.CauseTokenExpired},
		},
		{
			// The same words, "Token is invalid or expired", but exp is
			// ahead: invalid, not expired. An HS256 signature cannot be
			// checked without the secret, so the cause stays the
			// server's refusal.
			name: "hs256/tampered-signature",
			req:  get(notes, bearer(tamperSignature(t, hs(alice)))),
			want: want{cause: authdoctor.CauseTokenRejected, confidence: authdoctor.Likely},
		},
		{
			// 403 {"detail":"You do not have permission to perform this
			// action."}: bob is authenticated, without notes.view_note.
			name: "hs256/no-table-permission",
			req:  get(notes, bearer(hs(simpleJWT{user: "bob"}))),
			want: want{cause: authdoctor.CausePermissionDenied, confidence: authdoctor.Likely, verdictFinding: "authz.forbidden"},
		},
		{
			// Bob may still read what needs no table permission.
			name: "hs256/no-table-permission-other-view",
			req:  get(site.hs+"/api/me/", bearer(hs(simpleJWT{user: "bob"}))),
			want: want{cause: authdoctor.CauseAccepted, confidence: authdoctor.Confirmed},
		},
		{
			// A well-signed token for a user the database does not
			// have: 401 {"detail":"User not found","code":"user_not_found"}.
			name: "hs256/unknown-user",
			req:  get(notes, bearer(hs(simpleJWT{user: "mallory"}))),
			want: want{cause: authdoctor.CauseTokenRejected},
		},
		{
			// The refresh token where the access token belongs: "Token
			// has wrong type".
			name: "hs256/refresh-token",
			req:  get(notes, bearer(hs(simpleJWT{user: "alice", tokenType: "refresh"}))),
			want: want{cause: authdoctor.CauseWrongCredentialKind},
		},
		{
			// djangorestframework-jwt's "JWT" prefix, which SimpleJWT
			// ignores: answered as no credential, "not provided".
			name: "hs256/jwt-scheme",
			req:  get(notes, field("Authorization", "JWT "+hs(alice))),
			want: want{cause: authdoctor.CauseSchemeMismatch},
		},
		{
			name: "hs256/basic",
			req:  get(notes, field("Authorization", basic("alice", rand.Text()))),
			want: want{cause: authdoctor.CauseSchemeMismatch},
		},
		{
			name: "rs256/valid-keys-checked",
			req:  get(rsNotes, bearer(rs(alice))),
			cfg:  withKeys,
			want: want{cause: authdoctor.CauseAccepted, confidence: authdoctor.Confirmed},
		},
		{
			name: "rs256/tampered-keys-checked",
			req:  get(rsNotes, bearer(tamperSignature(t, rs(alice)))),
			cfg:  withKeys,
			want: want{cause: authdoctor.CauseSignatureInvalid, confidence: authdoctor.Confirmed, verdictFinding: "token.signature"},
		},
		{
			// Signed with a key the identity provider no longer
			// publishes (PyJWKClient finds no such kid).
			name: "rs256/rotated-key-keys-checked",
			req:  get(rsNotes, bearer(signJWT(t, jose.RS256, otherKey, otherKid, alice.claims()))),
			cfg:  withKeys,
			want: want{cause: authdoctor.CauseSigningKeyUnknown, verdictFinding: "token.kid-unknown"},
		},
		{
			// A development token (HS256) to the site that trusts only
			// the provider's RSA keys.
			name: "rs256/hs256-dev-token-keys-checked",
			req:  get(rsNotes, bearer(hs(alice))),
			cfg:  withKeys,
			want: want{cause: authdoctor.CauseSignatureInvalid, verdictFinding: "token.alg-mismatch"},
		},
		{
			name: "rs256/expired-keys-checked",
			req:  get(rsNotes, bearer(rs(expired))),
			cfg:  withKeys,
			want: want{cause: authdoctor.CauseTokenExpired, verdictFinding: "token.expired"},
		},
	})
}
