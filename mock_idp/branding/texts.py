"""The words on Universal Login pages: built-in text per prompt, screen and language, under the
tenant's ``prompts.customText``, with Auth0's ``${companyName}``-style variables filled in.

Keys follow Auth0's custom-text reference (``title``, ``description``, ``buttonText`` …) so a
``customText`` block written for the mock deploys unchanged to a real tenant. The mock ships
English and Spanish; another enabled language shows the tenant's custom text where it has
some and English elsewhere.
"""

from __future__ import annotations

import re

# Every language Auth0's Universal Login offers (tenant ``enabled_locales`` and customText).
LANGUAGES = {
    "am", "ar", "ar-EG", "ar-SA", "az", "bg", "bn", "bs", "ca-ES", "cnr", "cs", "cy", "da",
    "de", "el", "en", "en-CA", "es", "es-419", "es-AR", "es-MX", "et", "eu-ES", "fa", "fi",
    "fr", "fr-CA", "fr-FR", "gl-ES", "gu", "he", "hi", "hr", "hu", "hy", "id", "is", "it",
    "ja", "ka", "kk", "kn", "ko", "lt", "lv", "mk", "ml", "mn", "mr", "ms", "my", "nb", "nl",
    "nn", "no", "pa", "pl", "pt", "pt-BR", "pt-PT", "ro", "ru", "sk", "sl", "so", "sq", "sr",
    "sv", "sw", "ta", "te", "th", "tl", "tr", "uk", "ur", "vi", "zgh", "zh-CN", "zh-HK",
    "zh-TW",
}
# prompt -> its screens, for the screens the mock renders (customText may name others).
PROMPTS = {
    "login": ("login",),
    "login-id": ("login-id",),
    "login-password": ("login-password",),
    "signup": ("signup",),
    "reset-password": ("reset-password-request", "reset-password-email", "reset-password",
                       "reset-password-success", "reset-password-error"),
    "email-verification": ("email-verification-result",),
    "brute-force-protection": ("brute-force-protection-unblock",
                               "brute-force-protection-unblock-success",
                               "brute-force-protection-unblock-failure"),
    "logout": ("logout", "logout-complete"),
    "organizations": ("organization-selection", "organization-picker"),
    "common": ("error",),
}
# Form errors the views raise in English, and the custom-text key that words them per language.
ERROR_KEYS = {"Wrong email or password": "wrong-credentials"}
VARIABLE = re.compile(r"\$\{([A-Za-z]+)\}")

_EN = {
    ("login", "login"): {
        "pageTitle": "Log in | ${clientName}", "title": "Welcome",
        "description": "Log in to ${companyName} to continue to ${clientName}.",
        "emailPlaceholder": "Email address", "passwordPlaceholder": "Password",
        "buttonText": "Continue", "forgotPasswordText": "Forgot password?",
        "signupActionText": "Don't have an account?", "signupActionLinkText": "Sign up",
        "federatedConnectionButtonText": "Continue with ${connectionName}",
        "logoAltText": "${companyName}", "wrong-credentials": "Wrong email or password",
    },
    ("login-id", "login-id"): {
        "pageTitle": "Log in | ${clientName}", "title": "Welcome",
        "description": "Log in to ${companyName} to continue to ${clientName}.",
        "emailPlaceholder": "Email address", "buttonText": "Continue",
        "signupActionText": "Don't have an account?", "signupActionLinkText": "Sign up",
        "federatedConnectionButtonText": "Continue with ${connectionName}",
        "logoAltText": "${companyName}",
    },
    ("login-password", "login-password"): {
        "pageTitle": "Enter your password | ${clientName}", "title": "Enter your password",
        "description": "Enter your password for ${companyName} to continue to ${clientName}.",
        "passwordPlaceholder": "Password", "buttonText": "Continue",
        "forgotPasswordText": "Forgot password?", "editEmailText": "Edit",
        "logoAltText": "${companyName}", "wrong-credentials": "Wrong email or password",
    },
    ("signup", "signup"): {
        "pageTitle": "Sign up | ${clientName}", "title": "Create your account",
        "description": "Sign up to ${companyName} to continue to ${clientName}.",
        "emailPlaceholder": "Email address", "passwordPlaceholder": "Password",
        "buttonText": "Continue", "loginActionText": "Already have an account?",
        "loginActionLinkText": "Log in", "logoAltText": "${companyName}",
    },
    ("reset-password", "reset-password-request"): {
        "pageTitle": "Reset your password | ${companyName}", "title": "Forgot your password?",
        "description": "Enter your email address and we will send you instructions to reset "
                       "your password.",
        "emailPlaceholder": "Email address", "buttonText": "Continue",
        "backToLoginLinkText": "Back to log in", "logoAltText": "${companyName}",
    },
    ("reset-password", "reset-password-email"): {
        "pageTitle": "Check your email | ${companyName}", "title": "Check your email",
        "emailDescription": "Please check the email address ${email} for instructions to "
                            "reset your password.",
        "backToLoginLinkText": "Back to log in", "logoAltText": "${companyName}",
    },
    ("reset-password", "reset-password"): {
        "pageTitle": "Change your password | ${companyName}", "title": "Change your password",
        "description": "Enter a new password for ${email}.",
        "passwordPlaceholder": "New password", "reEnterpasswordPlaceholder":
            "Re-enter new password", "buttonText": "Reset password",
        "logoAltText": "${companyName}",
    },
    ("reset-password", "reset-password-success"): {
        "pageTitle": "Password changed | ${companyName}", "eventTitle": "Password changed",
        "description": "You can now login to the application with the new password.",
        "logoAltText": "${companyName}",
    },
    ("reset-password", "reset-password-error"): {
        "pageTitle": "Password reset | ${companyName}", "logoAltText": "${companyName}",
    },
    ("email-verification", "email-verification-result"): {
        "pageTitle": "Email verification | ${companyName}", "verifiedTitle": "Email verified",
        "logoAltText": "${companyName}",
    },
    ("organizations", "organization-selection"): {
        "pageTitle": "Organization | ${clientName}", "title": "Enter your organization",
        "description": "${clientName} is used through your organization. Enter its name to "
                       "continue.",
        "organizationNamePlaceholder": "Organization name", "buttonText": "Continue",
        "logoAltText": "${companyName}",
    },
    ("organizations", "organization-picker"): {
        "pageTitle": "Choose an organization | ${clientName}",
        "title": "Choose an organization",
        "description": "Which organization do you want to use ${clientName} with?",
        "logoAltText": "${companyName}",
    },
    ("common", "error"): {
        "pageTitle": "Error | ${companyName}", "title": "Oops!, something went wrong",
        "trackingLabel": "Tracking id", "logoAltText": "${companyName}",
    },
}

_ES = {
    ("login", "login"): {
        "pageTitle": "Iniciar sesión | ${clientName}", "title": "Te damos la bienvenida",
        "description": "Inicia sesión en ${companyName} para continuar a ${clientName}.",
        "emailPlaceholder": "Correo electrónico", "passwordPlaceholder": "Contraseña",
        "buttonText": "Continuar", "forgotPasswordText": "¿Olvidaste tu contraseña?",
        "signupActionText": "¿No tienes una cuenta?", "signupActionLinkText": "Regístrate",
        "federatedConnectionButtonText": "Continuar con ${connectionName}",
        "wrong-credentials": "Correo electrónico o contraseña incorrectos",
    },
    ("login-id", "login-id"): {
        "pageTitle": "Iniciar sesión | ${clientName}", "title": "Te damos la bienvenida",
        "description": "Inicia sesión en ${companyName} para continuar a ${clientName}.",
        "emailPlaceholder": "Correo electrónico", "buttonText": "Continuar",
        "signupActionText": "¿No tienes una cuenta?", "signupActionLinkText": "Regístrate",
        "federatedConnectionButtonText": "Continuar con ${connectionName}",
    },
    ("login-password", "login-password"): {
        "pageTitle": "Escribe tu contraseña | ${clientName}", "title": "Escribe tu contraseña",
        "description": "Escribe tu contraseña de ${companyName} para continuar a ${clientName}.",
        "passwordPlaceholder": "Contraseña", "buttonText": "Continuar",
        "forgotPasswordText": "¿Olvidaste tu contraseña?", "editEmailText": "Editar",
        "wrong-credentials": "Correo electrónico o contraseña incorrectos",
    },
    ("signup", "signup"): {
        "pageTitle": "Registrarse | ${clientName}", "title": "Crea tu cuenta",
        "description": "Regístrate en ${companyName} para continuar a ${clientName}.",
        "emailPlaceholder": "Correo electrónico", "passwordPlaceholder": "Contraseña",
        "buttonText": "Continuar", "loginActionText": "¿Ya tienes una cuenta?",
        "loginActionLinkText": "Iniciar sesión",
    },
    ("reset-password", "reset-password-request"): {
        "pageTitle": "Restablecer la contraseña | ${companyName}",
        "title": "¿Olvidaste tu contraseña?",
        "description": "Escribe tu correo electrónico y te enviaremos instrucciones para "
                       "restablecer tu contraseña.",
        "emailPlaceholder": "Correo electrónico", "buttonText": "Continuar",
        "backToLoginLinkText": "Volver a iniciar sesión",
    },
    ("reset-password", "reset-password-email"): {
        "pageTitle": "Revisa tu correo | ${companyName}", "title": "Revisa tu correo",
        "emailDescription": "Revisa el correo ${email}: allí encontrarás las instrucciones "
                            "para restablecer tu contraseña.",
        "backToLoginLinkText": "Volver a iniciar sesión",
    },
    ("reset-password", "reset-password"): {
        "pageTitle": "Cambia tu contraseña | ${companyName}", "title": "Cambia tu contraseña",
        "description": "Escribe una contraseña nueva para ${email}.",
        "passwordPlaceholder": "Contraseña nueva",
        "reEnterpasswordPlaceholder": "Repite la contraseña nueva",
        "buttonText": "Restablecer la contraseña",
    },
    ("reset-password", "reset-password-success"): {
        "pageTitle": "Contraseña cambiada | ${companyName}", "eventTitle": "Contraseña cambiada",
        "description": "Ya puedes iniciar sesión en la aplicación con la contraseña nueva.",
    },
    ("email-verification", "email-verification-result"): {
        "verifiedTitle": "Correo verificado",
    },
    ("organizations", "organization-selection"): {
        "pageTitle": "Organización | ${clientName}", "title": "Indica tu organización",
        "description": "${clientName} se usa a través de tu organización. Escribe su nombre "
                       "para continuar.",
        "organizationNamePlaceholder": "Nombre de la organización", "buttonText": "Continuar",
    },
    ("organizations", "organization-picker"): {
        "pageTitle": "Elige una organización | ${clientName}",
        "title": "Elige una organización",
        "description": "¿Con qué organización quieres usar ${clientName}?",
    },
    ("common", "error"): {
        "pageTitle": "Error | ${companyName}", "title": "Vaya, algo salió mal",
        "trackingLabel": "Id de seguimiento",
    },
}
BUILT_IN = {"en": _EN, "es": _ES}


def resolve_locale(ui_locales: str | None, accept_language, enabled: list[str]) -> str:
    """The page's language: the first of ``ui_locales`` the tenant enables, else the browser's
    best ``Accept-Language`` match, else the tenant's first enabled language."""
    for wanted in (ui_locales or "").split():
        found = _match(wanted, enabled)
        if found:
            return found
    if accept_language is not None:
        for wanted, _quality in accept_language:
            found = _match(wanted, enabled)
            if found:
                return found
    return enabled[0]


def _match(wanted: str, enabled: list[str]) -> str | None:
    wanted = wanted.strip().replace("_", "-").lower()
    for language in enabled:  # exact (es-MX), then the base language of a regional tag
        if language.lower() == wanted:
            return language
    base = wanted.split("-")[0]
    return next((language for language in enabled if language.lower() == base), None)


def screen_texts(custom: dict, locale: str, prompt: str, screen: str, variables: dict) -> dict:
    """Every key of one screen in ``locale``: custom text over built-in text over English."""
    merged = dict(_EN.get((prompt, screen), {}))
    merged.update(BUILT_IN.get(locale, {}).get((prompt, screen), {}))
    merged.update(((custom.get(locale) or {}).get(prompt) or {}).get(screen) or {})
    return {key: fill(value, variables) for key, value in merged.items()}


def fill(text: str, variables: dict) -> str:
    """Replace ``${name}`` with the variable's value; unknown names stay as written."""
    return VARIABLE.sub(lambda m: str(variables.get(m.group(1), m.group(0))), text)
