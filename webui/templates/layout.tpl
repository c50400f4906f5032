{{%AUTOESCAPE context="HTML"}}<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{TITLE}} — CONTACT, SOS MÉDECINS FRANCE</title>
<link rel="stylesheet" href="/static/garant.css">
</head>
<body>
<a class="skip-link" href="#contenu">Aller au contenu</a>
<header class="site-header" role="banner">
  <div class="wrap">
    <a class="brand" href="/">CONTACT <span>· entrepôt de données de santé de SOS MÉDECINS FRANCE</span></a>
    <nav aria-label="Navigation principale">
      <ul>
        <li><a href="/">Informations</a></li>
        <li><a href="/opposition">M'opposer</a></li>
        <li><a href="/projets">Projets</a></li>
        <li><a href="/questions">Questions</a></li>
        {{#STAFF}}<li><a href="/console">Console</a></li>{{/STAFF}}
      </ul>
    </nav>
    {{#STAFF}}
    <div class="whoami">
      <span>Session ouverte : <strong id="whoami-name">{{DISPLAY_NAME}}</strong> (<span id="whoami-role">{{ROLE_LABEL}}</span>)</span>
      <form method="post" action="/deconnexion">
        <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
        <button type="submit" class="link-button">Se déconnecter</button>
      </form>
    </div>
    {{/STAFF}}
  </div>
</header>
<main id="contenu" class="wrap" tabindex="-1">
{{>BODY}}
</main>
<footer class="site-footer" role="contentinfo">
  <div class="wrap">
    <p>L'entrepôt CONTACT est placé sous la responsabilité de {{CONTROLLER_NAME}}. Pour toute question sur vos données, écrivez au <a href="/contact">délégué à la protection des données</a>.</p>
    <nav aria-label="Liens du pied de page">
      <ul class="footer-links">
        <li><a href="/mentions-legales">Mentions légales</a></li>
        <li><a href="/donnees-personnelles">Données personnelles</a></li>
        <li><a href="/accessibilite">Accessibilité : {{ACCESSIBILITY_STATUS}}</a></li>
        <li><a href="/plan-du-site">Plan du site</a></li>
        <li><a href="/contact">Contact</a></li>
        {{#ANONYMOUS}}<li><a href="/connexion">Espace professionnel</a></li>{{/ANONYMOUS}}
      </ul>
    </nav>
  </div>
</footer>
</body>
</html>
