{{%AUTOESCAPE context="HTML"}}<h1>Contact</h1>
<p class="lead">Pour toute question sur vos données ou pour exercer vos droits, adressez-vous au délégué à la protection des données de {{CONTROLLER_NAME}}.</p>
<dl class="receipt-data" id="contact-dpo">
  <dt>Par courrier</dt><dd>{{DPO_POSTAL_ADDRESS}}</dd>
  <dt>Par courriel</dt><dd>{{DPO_EMAIL}}</dd>
  <dt>Par téléphone</dt><dd>{{DPO_PHONE}}</dd>
</dl>
<p>Pour vous opposer, le plus simple est le <a href="/opposition">formulaire en ligne</a> : vous recevez aussitôt votre récépissé. Un courrier ou un appel est enregistré par l'équipe du délégué, qui vous envoie le récépissé.</p>
<p>Pour une question sur vos soins, adressez-vous à votre association SOS MÉDECINS : ce site ne traite que de l'utilisation des données dans l'entrepôt CONTACT.</p>
