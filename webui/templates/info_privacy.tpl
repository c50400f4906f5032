{{%AUTOESCAPE context="HTML"}}<h1>Données personnelles</h1>
<p class="lead">Cette page vous informe, comme l'exigent les articles 13 et 14 du règlement général sur la protection des données (RGPD), sur l'utilisation de vos données dans l'entrepôt CONTACT et sur ce site.</p>

<section aria-labelledby="p-qui">
<h2 id="p-qui">Qui est responsable ?</h2>
<p>Le responsable du traitement est {{CONTROLLER_NAME}}, {{CONTROLLER_ADDRESS}}.</p>
<p>Son délégué à la protection des données (DPO) répond à vos questions et reçoit vos demandes :</p>
<ul id="privacy-dpo">
  <li>par courrier : {{DPO_POSTAL_ADDRESS}} ;</li>
  <li>par courriel : {{DPO_EMAIL}} ;</li>
  <li>par téléphone : {{DPO_PHONE}}.</li>
</ul>
</section>

<section aria-labelledby="p-pourquoi">
<h2 id="p-pourquoi">Pourquoi vos données sont-elles utilisées, et sur quelle base ?</h2>
<p>L'entrepôt CONTACT rassemble les données des soins non programmés réalisés par les associations SOS MÉDECINS (appels, visites à domicile, consultations) pour améliorer les pratiques et la prise en charge des patients, comprendre les parcours et l'accès aux soins, et mener des recherches en santé. Chaque projet qui utilise les données doit d'abord être autorisé par les comités de gouvernance ; les projets autorisés sont publiés sur le <a href="/projets">portail de transparence</a>.</p>
<p>Base légale : {{LEGAL_BASIS}}.</p>
<p>Formalité auprès de la CNIL : {{CNIL_FORMALITY}}.</p>
</section>

<section aria-labelledby="p-quoi">
<h2 id="p-quoi">Quelles données ?</h2>
<p>Des données de santé et d'organisation des soins : motif de l'appel, date et lieu de l'intervention, constatations et actes du médecin, orientation du patient, ainsi que l'âge et le sexe. Elles sont <strong>pseudonymisées</strong> : votre nom, votre adresse et votre numéro de sécurité sociale ne sont pas conservés avec elles.</p>
</section>

<section aria-labelledby="p-destinataires">
<h2 id="p-destinataires">Qui peut y accéder ?</h2>
<p>Seules les équipes des projets autorisés, pour les données nécessaires à leur projet et pendant la durée autorisée, et les personnes chargées de faire fonctionner l'entrepôt. Chaque accès est enregistré et contrôlé par le délégué à la protection des données. Les données ne sont ni vendues ni utilisées à des fins commerciales ou publicitaires.</p>
<p>Les données sont hébergées en France chez un hébergeur certifié pour les données de santé : {{HOSTING_PROVIDER}}.</p>
</section>

<section aria-labelledby="p-duree">
<h2 id="p-duree">Combien de temps ?</h2>
<p>Les données de l'entrepôt sont conservées : {{DATA_RETENTION}}.</p>
<p>Les informations saisies dans le formulaire d'opposition sont conservées chiffrées aussi longtemps que l'entrepôt existe, car ce sont elles qui permettent de continuer à écarter vos données ; seule l'équipe du délégué à la protection des données peut les consulter, et chaque consultation est enregistrée. Si vous retirez votre opposition, elles sont conservées comme preuve de votre demande et de son retrait.</p>
<p>Le registre des accès aux données est conservé pendant la durée fixée par le délégué à la protection des données, conformément à la recommandation de la CNIL sur la journalisation.</p>
</section>

<section aria-labelledby="p-droits">
<h2 id="p-droits">Vos droits</h2>
<ul>
  <li><strong>Opposition</strong> : vous pouvez refuser l'utilisation de vos données, sans vous justifier, avec le <a href="/opposition">formulaire d'opposition</a> ou en écrivant au délégué.</li>
  <li><strong>Accès</strong> : vous pouvez savoir si des données vous concernent et quels projets y ont accédé.</li>
  <li><strong>Rectification, effacement, limitation</strong> : dans les cas prévus par le RGPD.</li>
  <li><strong>Directives après le décès</strong> : vous pouvez indiquer ce que deviennent vos données après votre décès (article 85 de la loi Informatique et Libertés).</li>
</ul>
<p>Une réponse vous est apportée dans un délai d'un mois. Si vous estimez que vos droits ne sont pas respectés, vous pouvez <a href="https://www.cnil.fr/fr/adresser-une-plainte">adresser une réclamation à la CNIL</a>.</p>
</section>

<section aria-labelledby="p-site">
<h2 id="p-site">Ce site</h2>
<p>Ce site n'utilise ni publicité ni mesure d'audience. Il dépose un seul cookie technique, nécessaire à la sécurité des formulaires ; il ne sert pas à vous suivre et ne demande donc pas votre accord.</p>
</section>
