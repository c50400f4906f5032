{{%AUTOESCAPE context="HTML"}}<h1>Plan du site</h1>
<ul>
  <li><a href="/">Informations et droits des patients</a></li>
  <li><a href="/questions">Questions fréquentes</a></li>
  <li><a href="/information">Notices d'information</a> (<a href="/information/historique">historique des versions</a>)</li>
  <li>Droit d'opposition
    <ul>
      <li><a href="/opposition">Vous opposer à l'utilisation de vos données</a></li>
      <li><a href="/opposition/statut">Suivre votre opposition</a></li>
      <li><a href="/opposition/retrait">Retirer votre opposition</a></li>
      <li><a href="/preuve">Vérifier une preuve d'enregistrement</a></li>
      <li><a href="/opposition/professionnel">Professionnels de santé : vos droits et votre opposition</a></li>
    </ul>
  </li>
  <li><a href="/projets">Portail de transparence : les projets autorisés</a></li>
  <li><a href="/projets/comites">Les comités et les déclarations d'intérêts de leurs membres</a></li>
  <li><a href="/mentions-legales">Mentions légales</a></li>
  <li><a href="/donnees-personnelles">Données personnelles</a></li>
  <li><a href="/accessibilite">Déclaration d'accessibilité</a></li>
  <li><a href="/contact">Contact</a></li>
  <li><a href="/connexion">Espace professionnel</a> (équipes de SOS MÉDECINS FRANCE et des comités)</li>
</ul>
