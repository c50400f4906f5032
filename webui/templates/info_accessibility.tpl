{{%AUTOESCAPE context="HTML"}}<h1>Déclaration d'accessibilité</h1>
<p>{{CONTROLLER_NAME}} s'engage à rendre ce site accessible conformément à l'article 47 de la loi n° 2005-102 du 11 février 2005.</p>
<h2>État de conformité</h2>
<p id="accessibility-status">Ce site est <strong>{{ACCESSIBILITY_STATUS}}</strong> avec le référentiel général d'amélioration de l'accessibilité (RGAA), version 4.1. Aucun audit complet n'a encore été réalisé.</p>
<h2>Ce qui est fait</h2>
<ul>
  <li>Toutes les pages fonctionnent sans JavaScript, au clavier et sur un téléphone.</li>
  <li>Chaque page publique est contrôlée automatiquement avec l'outil axe-core à chaque modification du logiciel.</li>
  <li>Les erreurs de saisie sont signalées en haut du formulaire et à côté de chaque champ.</li>
</ul>
<h2>Retour d'information et contact</h2>
<p>Si vous n'arrivez pas à accéder à un contenu ou à un service, écrivez au délégué à la protection des données ({{DPO_POSTAL_ADDRESS}} ; {{DPO_EMAIL}}) : nous vous proposerons une autre façon d'y accéder, par courrier ou par téléphone.</p>
<h2>Voies de recours</h2>
<p>Si vous nous avez signalé un défaut d'accessibilité sans obtenir de réponse satisfaisante, vous pouvez <a href="https://formulaire.defenseurdesdroits.fr/">écrire au Défenseur des droits</a>, contacter le délégué du Défenseur des droits de votre région, ou écrire gratuitement (sans timbre) à : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.</p>
