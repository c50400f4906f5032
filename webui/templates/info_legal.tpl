{{%AUTOESCAPE context="HTML"}}<h1>Mentions légales</h1>
<dl class="receipt-data">
  <dt>Éditeur du site</dt><dd id="legal-controller">{{CONTROLLER_NAME}}, {{CONTROLLER_ADDRESS}}</dd>
  <dt>Directeur de la publication</dt><dd>{{PUBLICATION_DIRECTOR}}</dd>
  <dt>Hébergeur</dt><dd id="legal-host">{{HOSTING_PROVIDER}}. L'hébergeur est certifié « hébergeur de données de santé » (HDS), comme l'exige l'article L. 1111-8 du code de la santé publique.</dd>
  <dt>Contact</dt><dd>Délégué à la protection des données : {{DPO_POSTAL_ADDRESS}} ; {{DPO_EMAIL}} ; {{DPO_PHONE}}</dd>
</dl>
<p>Pour l'utilisation de vos données personnelles, lisez la page <a href="/donnees-personnelles">Données personnelles</a>.</p>
